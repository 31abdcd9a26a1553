package org.vasco.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.testkit.services.SharedServices;

/** {@code vasco db wait}, the init container of every service: ready only once the Jobs' work is done. */
class DbWaitCommandTest {

    @Test
    void readyWhenTheSchemaIsMigratedThePlanLoadedAndTheTopicsCreated() {
        CliContext context = CliHarness.context();
        assertThat(CliHarness.run(new DbCommand.Migrate(context)).exitCode()).isZero();
        assertThat(CliHarness.run(new TopicsCommand.Create(context)).exitCode()).isZero();

        CliHarness.Result waited = CliHarness.run(new DbCommand.Wait(context), "--timeout", "PT20S", "--interval", "PT0.2S");

        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(waited.out()).contains("Cluster ready");
    }

    @Test
    void anUnmigratedDatabaseIsNotReadyAndTheWaitEndsAtItsTimeoutSayingWhy() throws Exception {
        SharedServices services = SharedServices.get();
        String name = "unmigrated_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = services.database().connection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = services.jdbc().url();
        String emptyDatabase = url.substring(0, url.lastIndexOf('/') + 1) + name;
        CliContext context = new CliContext(new ClusterLocator(services.environment(Map.of(
                ClusterSettings.JDBC_URL.name(), emptyDatabase)), Path.of(".")), Clock.systemUTC());

        CliHarness.Result waited = CliHarness.run(new DbCommand.Wait(context), "--timeout", "PT1S", "--interval", "PT0.2S");

        assertThat(waited.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(waited.err()).startsWith("vasco db wait: not ready after PT1S").contains("schema migration(s) not applied");
        assertThat(waited.out()).contains("waiting:");
    }
}
