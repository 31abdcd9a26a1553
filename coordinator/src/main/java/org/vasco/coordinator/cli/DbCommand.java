package org.vasco.coordinator.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vasco.common.db.Database;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vasco db …}: the cluster's database schema (run as a Kubernetes Job before the services). */
@Command(name = "db", mixinStandardHelpOptions = true, description = "The cluster's database: schema migrations.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Wait.class})
public final class DbCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code vasco db migrate}: applies the pending Flyway migrations and loads the plate and tile plan when the
     * tables are empty. Idempotent: a second run changes nothing. Settings: the {@code VASCO_JDBC_…} variables.
     */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Apply pending schema migrations and load the plate/tile plan if missing (idempotent).")
    public static final class Migrate extends ClusterCommand {

        public Migrate(CliContext context) {
            super(context);
        }

        @Override
        protected int execute() throws Exception {
            try (Database db = openDatabase()) {
                boolean loaded = PlanCatalogueLoader.bundled().ensureLoaded(db);
                out().printf("Schema up to date; plan %s%n", loaded ? "loaded now" : "already loaded");
            }
            return ExitCodes.OK;
        }
    }

    /**
     * {@code vasco db wait}: waits until the migration and topic Jobs have done their work (schema migrated, plan
     * loaded, topics created), checking without changing anything. Every service Deployment runs it as an init
     * container, so no service starts before the Jobs have run. Exit 0 when ready, 1 with what is missing after
     * {@code --timeout}.
     */
    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Wait until the schema is migrated, the plan loaded and the topics created (checks only).")
    public static final class Wait extends ClusterCommand {

        @Option(names = "--timeout", defaultValue = "PT15M", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--interval", defaultValue = "PT3S", description = "Between checks (default: ${DEFAULT-VALUE}).")
        Duration interval;

        public Wait(CliContext context) {
            super(context);
        }

        @Override
        protected int execute() throws Exception {
            ClusterReadiness readiness = new ClusterReadiness(context.cluster().locate(), interval.plusSeconds(5));
            Instant deadline = context.clock().instant().plus(timeout);
            ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
            try {
                List<String> missing = readiness.missing();
                while (!missing.isEmpty() && context.clock().instant().isBefore(deadline)) {
                    out().println("waiting: " + String.join("; ", missing));
                    out().flush();
                    ticks.schedule(() -> null, interval.toMillis(), TimeUnit.MILLISECONDS).get();
                    missing = readiness.missing();
                }
                if (!missing.isEmpty()) {
                    err().println("vasco db wait: not ready after " + timeout + ": " + String.join("; ", missing));
                    return ExitCodes.FAILED;
                }
                out().println("Cluster ready: schema migrated, plan loaded, topics created");
                return ExitCodes.OK;
            } finally {
                ticks.shutdownNow();
            }
        }
    }
}

