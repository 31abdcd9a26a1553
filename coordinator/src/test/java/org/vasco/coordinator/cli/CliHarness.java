package org.vasco.coordinator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import org.vasco.testkit.services.SharedServices;
import picocli.CommandLine;

/** Runs one real subcommand against the shared test services and captures what it prints. */
final class CliHarness {

    record Result(int exitCode, String out, String err) {
    }

    private CliHarness() {
    }

    static CliContext context() {
        SharedServices services = SharedServices.get();
        Path cwd = services.newDirectory("cli");
        return new CliContext(new ClusterLocator(services.environment(Map.of()), cwd), Clock.systemUTC());
    }

    static Result run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static long count(String sql, Object... params) throws SQLException {
        try (Connection c = SharedServices.get().database().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static int update(String sql, Object... params) throws SQLException {
        try (Connection c = SharedServices.get().database().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** A snapshot of the tables a submission writes, to prove a rejected one wrote nothing. */
    static String writtenRows() throws SQLException {
        return count("SELECT count(*) FROM run") + "/" + count("SELECT count(*) FROM run_tile") + "/" + count("SELECT count(*) FROM outbox");
    }
}
