package org.vasco.common.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The DSS plate polynomial against 300 positions an independent decoder computed from the same
 * real plate headers (12 plates × 25 pixels, corners included).
 */
class DssPlateSolutionVectorsTest {

    record Vector(String plate, double x, double y, double raDeg, double decDeg) { }

    static List<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                DssPlateSolutionVectorsTest.class.getResourceAsStream(PlateHeaderFixtures.VECTORS),
                StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("plate,xpix,ypix,ra_deg,dec_deg");
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split(",");
                vectors.add(new Vector(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            }
        }
        return vectors;
    }

    @Test
    void pixelsMapToTheIndependentlyDecodedSkyPositionsWithinTenMilliarcseconds() throws IOException {
        List<Vector> vectors = vectors();
        assertThat(vectors).hasSize(300);
        double worst = 0;
        for (Vector v : vectors) {
            PlateAstrometry astrometry = PlateAstrometry.of(PlateHeaderFixtures.values(v.plate()),
                    PlateAstrometry.Solution.AUTO);
            assertThat(astrometry.solution()).isEqualTo(PlateAstrometry.Solution.DSS);
            SkyPosition sky = astrometry.pixelToSky(v.x(), v.y());
            double offset = sky.separationArcsec(new SkyPosition(v.raDeg(), v.decDeg()));
            assertThat(offset).as("%s pixel (%s, %s)", v.plate(), v.x(), v.y()).isLessThan(0.01);
            worst = Math.max(worst, offset);
        }
        assertThat(worst).as("the vectors must exercise the model, not only its centre").isGreaterThan(0.0);
    }

    @Test
    void theDecodedSkyPositionsMapBackToTheirPixels() throws IOException {
        for (Vector v : vectors()) {
            PlateAstrometry astrometry = PlateAstrometry.of(PlateHeaderFixtures.values(v.plate()),
                    PlateAstrometry.Solution.DSS);
            PixelPosition pixel = astrometry.skyToPixel(v.raDeg(), v.decDeg());
            assertThat(Math.hypot(pixel.x() - v.x(), pixel.y() - v.y()))
                    .as("%s (%s, %s) -> %s", v.plate(), v.raDeg(), v.decDeg(), pixel).isLessThan(0.01);
        }
    }
}
