package org.vasco.local.fault;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fault")
class InfrastructureFaultTest {

    @Test
    void anUndisturbedRunEqualsTheBaseline() throws Exception {
        RunSnapshot baseline = FaultRun.baseline(FaultSky.SUITE);
        try (FaultRun run = FaultRun.start("control", FaultSky.SUITE)) {
            run.submit();
            RunInvariants.assertHold(run.awaitFinal(FaultRun.FINAL_WITHIN), baseline);
        }
    }
}
