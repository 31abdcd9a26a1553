package org.vasco.common.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** Pixel → sky → pixel across every one of the 932 real POSS-I E plates. */
class DssPlateRoundTripTest {

    private static final int GRID = 17;

    @Test
    void everyPlateRoundTripsToWithinOneHundredthOfAPixelOnAGridCoveringThePlate() {
        Map<String, Map<String, Object>> plates = PlateHeaderFixtures.all();
        assertThat(plates).hasSize(932);
        int checked = 0;
        for (String region : plates.keySet()) {
            HeaderValues header = PlateHeaderFixtures.values(region);
            PlateAstrometry astrometry = PlateAstrometry.of(header, PlateAstrometry.Solution.AUTO);
            double width = header.requireNumber("NAXIS1");
            double height = header.requireNumber("NAXIS2");
            for (int i = 0; i < GRID; i++) {
                for (int j = 0; j < GRID; j++) {
                    double x = 1 + (width - 1) * i / (GRID - 1);
                    double y = 1 + (height - 1) * j / (GRID - 1);
                    SkyPosition sky = astrometry.pixelToSky(x, y);
                    PixelPosition back = astrometry.skyToPixel(sky);
                    assertThat(Math.hypot(back.x() - x, back.y() - y))
                            .as("%s pixel (%s, %s) via %s", region, x, y, sky).isLessThan(0.01);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(932 * GRID * GRID);
    }

    /** The fitted linear terms of the real plates differ from the nominal 67.2″/mm by up to 1.2 %. */
    @Test
    void measuredPixelScaleAgreesWithTheNominalPlateScaleTimesThePixelSize() {
        for (String region : PlateHeaderFixtures.all().keySet()) {
            HeaderValues header = PlateHeaderFixtures.values(region);
            double nominal = header.requireNumber("PLTSCALE") * header.requireNumber("XPIXELSZ") / 1000.0;
            double measured = PlateAstrometry.of(header, PlateAstrometry.Solution.DSS).pixelScaleArcsec();
            assertThat(measured).as(region).isCloseTo(nominal, Percentage.withPercentage(1.5));
        }
    }
}
