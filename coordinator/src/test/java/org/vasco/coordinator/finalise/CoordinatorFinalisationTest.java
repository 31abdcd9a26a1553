package org.vasco.coordinator.finalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.coordinator.service.CoordinatorService;
import org.vasco.testkit.services.SharedServices;

class CoordinatorFinalisationTest {

    @Test
    void theCoordinatorServiceFinalisesACompleteRunAndLeavesAnIncompleteOneActive() throws Exception {
        // The incomplete run is created first: each round checks runs in creation order, so by the time the complete
        // run is finalised the incomplete one has been looked at in the same round.
        FinaliseFixture open = new FinaliseFixture("coord-open").seedIncomplete();
        FinaliseFixture complete = new FinaliseFixture("coord-fin").seedComplete();
        Map<String, String> vars = new HashMap<>();
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        // the coordinator writes finalised runs' bundles into its storage: a directory of this test's, not .vasco/ in the module
        vars.put(ClusterSettings.DATA.name(), SharedServices.get().newDirectory("data").toString());
        vars.put(FrameworkSettings.RECONCILE_INTERVAL.name(), "200ms");

        try (CoordinatorService coordinator = CoordinatorService.start(SharedServices.get().environment(vars),
                new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    complete.query("SELECT state FROM run WHERE run_id = ?", complete.runId).get(0)[0].equals("FINALISED"));
        }

        assertThat(complete.query("SELECT duplicate_of FROM candidate WHERE run_id = ? AND src_id = ?", complete.runId,
                complete.duplicate()).get(0)[0]).isEqualTo(complete.representative());
        assertThat(open.query("SELECT state FROM run WHERE run_id = ?", open.runId).get(0)[0]).isEqualTo("ACTIVE");
    }
}
