package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.testkit.services.SharedServices;
import picocli.CommandLine;

/** The assembled {@code vasco} command: every subcommand is reachable and exit codes follow the contract. */
class VascoCommandTest {

    record Result(int exitCode, String out, String err) {
    }

    private static Result vasco(Environment env, Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VascoCommand.commandLine(new CliContext(new ClusterLocator(env, cwd), Clock.systemUTC()), StageRegistry.empty());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    private static long count(String sql, String param) throws Exception {
        try (Connection c = SharedServices.get().database().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void helpListsEveryCommand(@TempDir Path cwd) {
        Result r = vasco(Environment.of(Map.of()), cwd, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("plan", "submit", "status", "retry");
    }

    @Test
    void everyCommandAnswersHelp(@TempDir Path cwd) {
        CommandLine root = VascoCommand.commandLine(new CliContext(new ClusterLocator(Environment.of(Map.of()), cwd),
                Clock.systemUTC()), StageRegistry.empty());
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        assertThat(paths).as("commands reachable from vasco").hasSizeGreaterThan(30);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Result r = vasco(Environment.of(Map.of()), cwd, args.toArray(String[]::new));
            assertThat(r.exitCode()).as("vasco %s --help", String.join(" ", path)).isZero();
            assertThat(r.out()).as("vasco %s --help", String.join(" ", path))
                    .startsWith(String.join(" ", List.of("Usage:", "vasco", String.join(" ", path))).strip());
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                paths.add(next);
                collect(sub, next, paths);
            }
        });
    }

    @Test
    void planGenerateThenValidateRoundTrips(@TempDir Path cwd) throws Exception {
        Path plan = cwd.resolve("plans/tiles_poss1e_ps1.csv");
        Result generated = vasco(Environment.of(Map.of()), cwd, "plan", "generate", "--out", plan.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(generated.out()).contains("11733 tiles on 904 plates");

        Result valid = vasco(Environment.of(Map.of()), cwd, "plan", "validate", plan.toString());
        assertThat(valid.exitCode()).isZero();
        assertThat(valid.out().strip()).isEqualTo("11733 rows OK");

        String text = Files.readString(plan);
        Files.writeString(plan, text.replaceFirst(",60,dss1-red\n", ",61,dss1-red\n"));
        Result invalid = vasco(Environment.of(Map.of()), cwd, "plan", "validate", plan.toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.out()).contains("row 2: SIZE_ARCMIN").contains("11733 rows, 1 violation(s)");
    }

    @Test
    void submitAndStatusTalkToTheClusterOfTheEnvironment(@TempDir Path cwd) throws Exception {
        Environment env = SharedServices.get().environment(Map.of());
        String run = "wiring-" + UUID.randomUUID().toString().substring(0, 8);

        Result submitted = vasco(env, cwd, "submit", "--plate", "XE309", "--limit", "2", "--run", run);
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        assertThat(count("SELECT count(*) FROM run_tile WHERE run_id = ?", run)).isEqualTo(2);

        Result status = vasco(env, cwd, "status", "--run", run, "--json");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("\"tiles\":2", "\"complete\":false");
    }

    @Test
    void theLocalClusterPropertiesFileIsFoundFromASubdirectory(@TempDir Path root) throws Exception {
        SharedServices s = SharedServices.get();
        Path state = Files.createDirectories(root.resolve(".vasco"));
        Files.writeString(state.resolve("cluster.properties"), "VASCO_KAFKA_BOOTSTRAP=" + s.kafka().bootstrap() + "\n"
                + "VASCO_JDBC_URL=" + s.jdbc().url() + "\nVASCO_JDBC_USER=" + s.jdbc().user()
                + "\nVASCO_JDBC_PASSWORD=" + s.jdbc().password() + "\n");
        Path sub = Files.createDirectories(root.resolve("some/where"));
        String run = "located-" + UUID.randomUUID().toString().substring(0, 8);

        Result submitted = vasco(Environment.of(Map.of()), sub, "submit", "--plate", "XE005", "--limit", "1", "--run", run);

        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        assertThat(count("SELECT count(*) FROM run WHERE run_id = ?", run)).isEqualTo(1);
    }

    @Test
    void propertiesLeftByAKilledClusterAreReportedNotUsed(@TempDir Path root) throws Exception {
        Path state = Files.createDirectories(root.resolve(".vasco"));
        Files.writeString(state.resolve("cluster.properties"), "VASCO_JDBC_URL=jdbc:postgresql://127.0.0.1:1/vasco\n");
        Files.createFile(state.resolve("lock"));

        Result r = vasco(Environment.of(Map.of()), root, "status");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not running").contains("./vasco up");
    }

    @Test
    void badArgumentsExitWith2AndChangeNothing(@TempDir Path cwd) throws Exception {
        Environment env = SharedServices.get().environment(Map.of());
        long runs = count("SELECT count(*) FROM run WHERE run_id <> ?", "");
        assertThat(vasco(env, cwd, "submit", "--plate", "XE999").exitCode()).isEqualTo(2);
        assertThat(vasco(env, cwd, "submit").exitCode()).isEqualTo(2);
        assertThat(vasco(env, cwd, "submit", "--plate", "XE309", "--bogus").exitCode()).isEqualTo(2);
        assertThat(vasco(env, cwd, "retry").exitCode()).isEqualTo(2);
        assertThat(vasco(env, cwd, "nonsense").exitCode()).isEqualTo(2);
        assertThat(vasco(Environment.of(Map.of()), cwd, "status").exitCode()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM run WHERE run_id <> ?", "")).isEqualTo(runs);
    }
}
