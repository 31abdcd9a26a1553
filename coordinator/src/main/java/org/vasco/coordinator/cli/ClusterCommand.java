package org.vasco.coordinator.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.coordinator.run.InvalidRunRequestException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that talks to a running cluster's database. Rejected requests and a missing cluster are
 * reported on one line and exit with {@link ExitCodes#BAD_REQUEST}; nothing is written in that case.
 */
public abstract class ClusterCommand implements Callable<Integer> {

    /** A command holds at most a couple of connections at once. */
    private static final int POOL_SIZE = 2;

    @Spec
    protected CommandSpec spec;

    protected final CliContext context;

    protected ClusterCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } catch (InvalidRunRequestException | NoClusterException e) {
            err().println("vasco " + spec.name() + ": " + e.getMessage());
            return ExitCodes.BAD_REQUEST;
        }
    }

    /** The command's work; return an {@link ExitCodes} value. */
    protected abstract int execute() throws Exception;

    /** The located cluster's database, schema migrated. The caller closes it. */
    protected Database openDatabase() throws NoClusterException {
        Environment env = context.cluster().locate();
        JdbcConnection jdbc = JdbcConnection.from(env);
        return Database.open(new JdbcConnection(jdbc.url(), jdbc.user(), jdbc.password(),
                Math.min(POOL_SIZE, env.get(ClusterSettings.JDBC_POOL_SIZE))), "vasco-" + spec.name()).migrate();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
