package org.vasco.coordinator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.coordinator.api.RunQueries;
import org.vasco.coordinator.bundle.RunBundle;
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

    /**
     * Where to read a finalised run from: the bundle {@code --bundle} names; else the cluster when one is reachable and
     * knows the run; else the run's bundle under {@code .vasco/runs/<run>/} when it is there.
     *
     * @throws NoClusterException         when there is neither a cluster nor a local bundle
     * @throws InvalidRunRequestException when the named directory holds no bundle of the run, or neither the cluster
     *                                    nor a local bundle knows the run
     */
    protected RunSource openRun(String run, BundleOption bundle) throws Exception {
        if (bundle.directory().isPresent()) {
            return new RunSource.Bundle(RunBundle.open(bundle.directory().get(), run));
        }
        Path local = new ArtefactStore(context.cluster().stateDirectory()).runArtefacts(run).directory();
        Database db;
        try {
            db = openDatabase();
        } catch (NoClusterException e) {
            if (RunBundle.exists(local)) {
                return new RunSource.Bundle(RunBundle.open(local, run));
            }
            throw new NoClusterException(e.getMessage() + "; nor is there a bundle of run '" + run + "' in " + local
                    + " (read another with --bundle DIR)");
        }
        try {
            if (!new RunQueries(db).exists(run) && RunBundle.exists(local)) {
                db.close();
                return new RunSource.Bundle(RunBundle.open(local, run));
            }
            return new RunSource.Cluster(db);
        } catch (Exception e) {
            db.close();
            throw e;
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
