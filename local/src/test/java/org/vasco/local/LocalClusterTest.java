package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.StageUnavailable;
import picocli.CommandLine;

/**
 * {@code vasco up} end to end on its own broker and database under a temporary state directory: commands from
 * "another shell" find it through cluster.properties, a step without a stage fails its tiles loudly, and a
 * restart on the same directory still has the run.
 */
class LocalClusterTest {

    private static String vasco(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VascoCommand.commandLine(new CliContext(new ClusterLocator(Environment.of(Map.of()), cwd), Clock.systemUTC()),
                StageRegistry.empty());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    @Test
    void upServesOtherCommandsRefusesStagelessWorkAndResumesAfterARestart(@TempDir Path root) throws Exception {
        Path state = root.resolve(".vasco");
        try (LocalCluster cluster = LocalCluster.start(state, StageRegistry.empty(), Environment.of(Map.of()))) {
            assertThat(cluster.propertiesFile()).exists();
            assertThat(cluster.httpPorts()).containsKeys("coordinator", "worker.download", "worker.extract", "worker.xmatch", "worker.measure",
                    "worker.veto");
            assertThatThrownBy(() -> LocalCluster.start(state, StageRegistry.empty(), Environment.of(Map.of())))
                    .hasMessageContaining("Another 'vasco up' is already running");

            vasco(root, "submit", "--plate", "XE309", "--limit", "1", "--run", "local-1");

            ObjectMapper json = new ObjectMapper();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode s = json.readTree(vasco(root, "status", "--run", "local-1", "--json"));
                assertThat(s.get("complete").asBoolean()).isTrue();
                assertThat(s.at("/steps/download/failed").asInt()).isEqualTo(1);
                assertThat(s.at("/failed_tiles/0/reason").asText()).isEqualTo(StageUnavailable.REASON);
            });
        }
        assertThat(state.resolve("cluster.properties")).doesNotExist();

        try (LocalCluster again = LocalCluster.start(state, StageRegistry.empty(), Environment.of(Map.of()))) {
            JsonNode s = new ObjectMapper().readTree(vasco(root, "status", "--json"));
            assertThat(s.get("run").asText()).isEqualTo("local-1");
            assertThat(s.at("/steps/download/failed").asInt()).isEqualTo(1);
        }
        assertThat(Files.exists(state.resolve("postgres"))).isTrue();
    }
}
