package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.local.cluster.StageRegistry;
import picocli.CommandLine;

/** {@code vasco up --sky}: what it accepts is checked before any cluster starts. */
class UpCommandTest {

    @TempDir
    Path home;

    @Test
    void aReplayOfNoRecordingIsRefusedBeforeAnythingStarts() {
        Path missing = home.resolve("no-such-recording");
        StringWriter err = new StringWriter();
        CommandLine cli = VascoCommand.commandLine(
                new CliContext(new ClusterLocator(Environment.of(Map.of()), home), Clock.systemUTC()), StageRegistry.bundled());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("up", "--sky", "replay:" + missing, "--state-dir", home.resolve(".vasco").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--sky replay:DIR needs the directory of a recording made with ./vasco run"
                + " --record DIR; " + missing + " is not a directory");
        assertThat(home.resolve(".vasco")).as("no cluster was started").doesNotExist();
    }

    @Test
    void anUnknownSkyIsRefusedNamingTheChoices() {
        StringWriter err = new StringWriter();
        CommandLine cli = VascoCommand.commandLine(
                new CliContext(new ClusterLocator(Environment.of(Map.of()), home), Clock.systemUTC()), StageRegistry.bundled());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("up", "--sky", "cloudy", "--state-dir", home.resolve(".vasco").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--sky must be real, synthetic or replay:DIR, not 'cloudy'");
    }
}
