package org.vasco.testkit.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StarFieldTest {

    @Test
    void starCountsRiseTowardTheFaintEnd() {
        List<SkySource> stars = new StarField(21).cone(150.0, 45.0, 0.6).stream()
                .filter(s -> s.kind() == TruthKind.STAR && !s.isHighProperMotion()).toList();
        int[] perMagnitude = new int[22];
        stars.forEach(s -> perMagnitude[(int) s.rMag()]++);
        for (int m = 15; m < 20; m++) {
            assertThat(perMagnitude[m + 1]).as("stars in [%d, %d) vs the magnitude before", m + 1, m + 2)
                    .isGreaterThan(perMagnitude[m]);
        }
    }

    @Test
    void theGalacticPlaneIsDenserThanHighLatitudes() {
        StarField field = new StarField(21);
        // (l, b) ≈ (45°, 0°) and (l, b) ≈ (150°, 60°).
        double plane = field.cone(288.4, 10.9, 0.3).size();
        double high = field.cone(160.0, 53.0, 0.3).size();
        assertThat(StarCounts.galacticLatitude(288.4, 10.9)).isBetween(-2.0, 2.0);
        assertThat(StarCounts.galacticLatitude(160.0, 53.0)).isGreaterThan(50.0);
        assertThat(plane / high).isGreaterThan(3.0);
    }

    @Test
    void aConeReturnsTheSameObjectsWhateverItIsCentredOn() {
        StarField one = new StarField(5);
        StarField other = new StarField(5);
        List<String> near = one.cone(10.0, -5.0, 0.1).stream().map(SkySource::id).toList();
        List<String> wider = other.cone(10.05, -5.02, 0.3).stream().map(SkySource::id).toList();
        assertThat(near).isNotEmpty();
        assertThat(wider).containsAll(near);
    }
}
