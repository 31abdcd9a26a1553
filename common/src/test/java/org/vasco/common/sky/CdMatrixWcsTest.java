package org.vasco.common.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The explicit TAN WCS on synthetic headers shaped like an STScI 60′ cut-out. */
class CdMatrixWcsTest {

    private static final double SCALE_DEG = 1.7 / 3600.0;

    /** A 2119-pixel tile at (ra0, dec0), rotated by {@code rotationDeg}, RA increasing to the left. */
    static Map<String, Object> tanHeader(double ra0, double dec0, double rotationDeg) {
        double rho = Math.toRadians(rotationDeg);
        Map<String, Object> h = new HashMap<>();
        h.put("NAXIS1", 2119);
        h.put("NAXIS2", 2119);
        h.put("CTYPE1", "RA---TAN");
        h.put("CTYPE2", "DEC--TAN");
        h.put("CRPIX1", 1060.0);
        h.put("CRPIX2", 1060.0);
        h.put("CRVAL1", ra0);
        h.put("CRVAL2", dec0);
        // CDELT1 = -scale, CDELT2 = +scale rotated by CROTA2 = rotationDeg (FITS Paper II, eq. 189).
        h.put("CD1_1", -SCALE_DEG * Math.cos(rho));
        h.put("CD1_2", -SCALE_DEG * Math.sin(rho));
        h.put("CD2_1", -SCALE_DEG * Math.sin(rho));
        h.put("CD2_2", SCALE_DEG * Math.cos(rho));
        return h;
    }

    private static PlateAstrometry cd(Map<String, Object> header) {
        return PlateAstrometry.of(header, "synthetic", PlateAstrometry.Solution.CD);
    }

    @Test
    void referencePixelIsTheReferencePositionAndScaleIsTheMatrixDeterminant() {
        PlateAstrometry wcs = cd(tanHeader(18.182, -29.351, 12.0));
        SkyPosition centre = wcs.pixelToSky(1060.0, 1060.0);
        assertThat(centre.raDeg()).isCloseTo(18.182, within(1e-12));
        assertThat(centre.decDeg()).isCloseTo(-29.351, within(1e-12));
        assertThat(wcs.pixelScaleArcsec()).isCloseTo(1.7, within(1e-12));
        assertThat(wcs.solution()).isEqualTo(PlateAstrometry.Solution.CD);
    }

    @Test
    void distanceFromTheTangentPointIsTheArctangentOfTheProjectedRadius() {
        // Gnomonic geometry: a point at radius r on the tangent plane is atan(r) from the tangent point.
        PlateAstrometry wcs = cd(tanHeader(250.0, 41.0, 33.0));
        double dx = 900;
        double dy = -700;
        double radiusRad = Math.toRadians(Math.hypot(dx, dy) * SCALE_DEG);
        SkyPosition sky = wcs.pixelToSky(1060.0 + dx, 1060.0 + dy);
        assertThat(sky.separationArcsec(new SkyPosition(250.0, 41.0)))
                .isCloseTo(Math.toDegrees(Math.atan(radiusRad)) * 3600.0, within(1e-6));
    }

    @Test
    void eastIsTowardDecreasingXWhenCd11IsNegative() {
        PlateAstrometry wcs = cd(tanHeader(100.0, 0.0, 0.0));
        SkyPosition left = wcs.pixelToSky(1000.0, 1060.0);
        assertThat(left.raDeg()).isGreaterThan(100.0);
        assertThat(left.decDeg()).isCloseTo(0.0, within(1e-12));
        SkyPosition up = wcs.pixelToSky(1060.0, 1100.0);
        assertThat(up.decDeg()).isCloseTo(40 * 1.7 / 3600.0, within(1e-9));
    }

    @Test
    void roundTripsAcrossTheTileIncludingNearThePoleAndAcrossRaZero() {
        for (double[] centre : new double[][] {{0.05, 12.0}, {359.98, -45.0}, {123.4, 89.2}, {200.0, -88.9}}) {
            PlateAstrometry wcs = cd(tanHeader(centre[0], centre[1], 27.0));
            for (double x = 1; x <= 2119; x += 151.3) {
                for (double y = 1; y <= 2119; y += 151.3) {
                    PixelPosition back = wcs.skyToPixel(wcs.pixelToSky(x, y));
                    assertThat(Math.hypot(back.x() - x, back.y() - y)).as("(%s, %s) at %s", x, y, centre[1])
                            .isLessThan(1e-6);
                }
            }
        }
    }

    @Test
    void cdeltWithCrota2AndCdeltWithPcAreTheSameTransformAsTheCdMatrix() {
        Map<String, Object> withCd = tanHeader(10.0, 30.0, 20.0);
        Map<String, Object> withCrota = new HashMap<>(withCd);
        for (String key : new String[] {"CD1_1", "CD1_2", "CD2_1", "CD2_2"}) {
            withCrota.remove(key);
        }
        Map<String, Object> withPc = new HashMap<>(withCrota);
        withCrota.put("CDELT1", -SCALE_DEG);
        withCrota.put("CDELT2", SCALE_DEG);
        withCrota.put("CROTA2", 20.0);
        double rho = Math.toRadians(20.0);
        withPc.put("CDELT1", -SCALE_DEG);
        withPc.put("CDELT2", SCALE_DEG);
        withPc.put("PC1_1", Math.cos(rho));
        withPc.put("PC1_2", Math.sin(rho));
        withPc.put("PC2_1", -Math.sin(rho));
        withPc.put("PC2_2", Math.cos(rho));
        SkyPosition expected = cd(withCd).pixelToSky(37.0, 1999.0);
        assertThat(cd(withCrota).pixelToSky(37.0, 1999.0).separationArcsec(expected)).isLessThan(1e-6);
        assertThat(cd(withPc).pixelToSky(37.0, 1999.0).separationArcsec(expected)).isLessThan(1e-6);
    }

    @Test
    void refusesProjectionsOtherThanTanAndSingularMatrices() {
        Map<String, Object> sin = tanHeader(10.0, 30.0, 0.0);
        sin.put("CTYPE1", "RA---SIN");
        sin.put("CTYPE2", "DEC--SIN");
        assertThatThrownBy(() -> cd(sin)).isInstanceOf(AstrometryHeaderException.class)
                .hasMessageContaining("RA---SIN").hasMessageContaining("only RA---TAN/DEC--TAN");
        Map<String, Object> singular = tanHeader(10.0, 30.0, 0.0);
        singular.put("CD1_1", 0.0);
        singular.put("CD1_2", 0.0);
        assertThatThrownBy(() -> cd(singular)).isInstanceOf(AstrometryHeaderException.class)
                .hasMessageContaining("singular");
        Map<String, Object> lonpole = tanHeader(10.0, 30.0, 0.0);
        lonpole.put("LONPOLE", 0.0);
        assertThatThrownBy(() -> cd(lonpole)).isInstanceOf(AstrometryHeaderException.class)
                .hasMessageContaining("LONPOLE");
        Map<String, Object> badDec = tanHeader(10.0, 30.0, 0.0);
        badDec.put("CRVAL2", 95.0);
        assertThatThrownBy(() -> cd(badDec)).isInstanceOf(AstrometryHeaderException.class)
                .hasMessageContaining("CRVAL2");
    }

    @Test
    void positionsAQuarterOfTheSkyAwayCannotBePlacedOnTheTile() {
        PlateAstrometry wcs = cd(tanHeader(10.0, 30.0, 0.0));
        assertThatThrownBy(() -> wcs.skyToPixel(190.0, -30.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
