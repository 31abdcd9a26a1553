package org.vasco.coordinator.cli;

import org.vasco.common.config.Environment;
import org.vasco.common.db.Database;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.coordinator.service.CoordinatorService;
import picocli.CommandLine.Command;

/**
 * {@code vasco coordinator}: the long-running coordinator service (reconciler, outbox publisher, /metrics and
 * /health), configured by {@code VASCO_…} variables. Loads the plan tables on start when they are missing.
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run the coordinator service (reconciler, outbox publisher, /metrics, /health) until stopped;"
                + " Kafka and JDBC settings come from VASCO_... environment variables.")
public final class CoordinatorCommand extends ClusterCommand {

    public CoordinatorCommand(CliContext context) {
        super(context);
    }

    @Override
    protected int execute() throws Exception {
        Environment env = context.cluster().locate();
        try (Database db = openDatabase()) {
            PlanCatalogueLoader.bundled().ensureLoaded(db);
        }
        CoordinatorService service = CoordinatorService.start(env, null);
        out().printf("Coordinator running (metrics and health on port %d); Ctrl-C to stop.%n", service.httpPort());
        out().flush();
        return Foreground.runUntilShutdown(service, "coordinator");
    }
}
