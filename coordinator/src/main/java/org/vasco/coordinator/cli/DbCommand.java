package org.vasco.coordinator.cli;

import org.vasco.common.db.Database;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vasco db …}: the cluster's database schema (run as a Kubernetes Job before the services). */
@Command(name = "db", mixinStandardHelpOptions = true, description = "The cluster's database: schema migrations.",
        subcommands = DbCommand.Migrate.class)
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
}
