package org.vasco.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.task.ScienceProfile;

/** The null test's table: SNR bins, the share kept per check and bin, and the goal line's verdict. */
class NullTestTableTest {

    @Test
    void binsRunFromThirtyToOneHundredAndFiftyWithTheLastEdgeIncluded() {
        assertThat(NullTestTable.bin(29.99)).isEqualTo(-1);
        assertThat(NullTestTable.bin(30.0)).isZero();
        assertThat(NullTestTable.bin(45.0)).isEqualTo(1);
        assertThat(NullTestTable.bin(99.9)).isEqualTo(2);
        assertThat(NullTestTable.bin(150.0)).isEqualTo(3);
        assertThat(NullTestTable.bin(150.01)).isEqualTo(-1);
    }

    @Test
    void theGoalFailsOnTheLowestBinOfTheCorrectedProfileAndNamesIt() {
        List<NullTest.Outcome> outcomes = new ArrayList<>();
        // 20 stars per bin; the corrected profile loses 1 in the first bin (95 %) and 2 in the third (90 %) at S0S
        double[] snr = {35, 50, 80, 120};
        int[] lost = {1, 0, 2, 0};
        for (int b = 0; b < snr.length; b++) {
            for (int i = 0; i < 20; i++) {
                outcomes.add(outcome(ScienceProfile.REFERENCE, snr[b], false, "circularity"));
                outcomes.add(outcome(ScienceProfile.CORRECTED, snr[b], i >= lost[b], "profile_diff"));
            }
        }
        NullTestTable table = new NullTestTable(outcomes);

        assertThat(table.stars()).isEqualTo(80);
        assertThat(table.starsPerBin()).containsExactly(20, 20, 20, 20);
        assertThat(table.percentKept(ScienceProfile.CORRECTED, NullTest.ALL, 0)).isEqualTo(95.0);
        assertThat(table.percentKept(ScienceProfile.CORRECTED, "S0S_SHAPE:profile_diff", 2)).isEqualTo(90.0);
        assertThat(table.percentKept(ScienceProfile.REFERENCE, NullTest.ALL, 1)).isZero();
        assertThat(table.goalLine()).isEqualTo("corrected keeps >= 95% in every bin: no (lowest 90.0% at SNR 70-100)");

        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true));
        assertThat(text.toString()).contains("SNR 30-45", "SNR 100-150")
                .containsPattern("corrected\\s+S0S_SHAPE\\s+95\\.0%\\s+100\\.0%\\s+90\\.0%\\s+100\\.0%")
                .containsPattern("reference\\s+circularity\\s+0\\.0%");
    }

    @Test
    void everyBinAtNinetyFivePercentOrMoreReachesTheGoal() {
        List<NullTest.Outcome> outcomes = new ArrayList<>();
        for (double snr : new double[] {30, 60, 90, 140}) {
            for (int i = 0; i < 20; i++) {
                outcomes.add(outcome(ScienceProfile.REFERENCE, snr, true, "circularity"));
                outcomes.add(outcome(ScienceProfile.CORRECTED, snr, i > 0, "profile_diff"));
            }
        }
        assertThat(new NullTestTable(outcomes).goalLine()).startsWith("corrected keeps >= 95% in every bin: yes (lowest 95.0%");
    }

    private static NullTest.Outcome outcome(ScienceProfile profile, double snr, boolean kept, String reason) {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put(NullTest.LATE, true);
        checks.put(NullTest.SPIKE, true);
        checks.put("S0S_SHAPE", kept);
        checks.put("S0S_SHAPE:" + reason, kept);
        checks.put(NullTest.ALL, kept);
        return new NullTest.Outcome(profile, snr, checks);
    }
}
