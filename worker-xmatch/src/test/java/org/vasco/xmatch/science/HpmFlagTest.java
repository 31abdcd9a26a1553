package org.vasco.xmatch.science;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HpmFlagTest {

    private final HpmFlag hpm = new HpmFlag(5);

    @Test
    void usesTheRealProperMotionsToReachThePlateEpoch() {
        // a star at (100, 0) in 2016 moving 200 mas/yr east was 12.6″ west of there in 1953.0
        double[] gaiaRa = {100.0};
        double[] gaiaDec = {0.0};
        double rawRa = 100.0 - 12.6 / 3600;
        List<HpmFlag.Flagged> none = hpm.flag(new int[] {0}, new int[] {0}, new double[] {rawRa}, new double[] {0.0},
                gaiaRa, gaiaDec, new double[] {200}, new double[] {0}, 2016.0, 1953.0);
        assertThat(none).isEmpty();
        // the detection 6″ from where the star was: flagged, with the star's 12.6″ motion reported
        List<HpmFlag.Flagged> one = hpm.flag(new int[] {0}, new int[] {0}, new double[] {rawRa + 6.0 / 3600},
                new double[] {0.0}, gaiaRa, gaiaDec, new double[] {200}, new double[] {0}, 2016.0, 1953.0);
        assertThat(one).singleElement().satisfies(f -> {
            assertThat(f.separationArcsec()).isCloseTo(6.0, within(1e-6));
            assertThat(f.motionArcsec()).isCloseTo(12.6, within(1e-6));
        });
    }

    @Test
    void aStarWithoutProperMotionStaysAtItsCataloguePosition() {
        List<HpmFlag.Flagged> flagged = hpm.flag(new int[] {0}, new int[] {0}, new double[] {10 + 4.9 / 3600},
                new double[] {0.0}, new double[] {10}, new double[] {0}, new double[] {Double.NaN},
                new double[] {Double.NaN}, 2016.0, 1953.0);
        assertThat(flagged).isEmpty();
    }
}
