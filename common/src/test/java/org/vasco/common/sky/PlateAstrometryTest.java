package org.vasco.common.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vasco.common.sky.PlateAstrometry.Solution;

/** Choosing between the two solutions of a header, comparing them, and refusing unusable headers. */
class PlateAstrometryTest {

    private static final int TILE = 2119;

    /**
     * An STScI-style 60′ cut-out of plate XE309: the real polynomial with the cut-out's origin on the
     * scan (CNPIX), plus a CD solution fitted to the polynomial at the tile centre and then moved
     * north by {@code shiftArcsec}, as on the plates where the two solutions disagree.
     */
    static Map<String, Object> cutOutWithBothSolutions(double shiftArcsec) {
        Map<String, Object> h = PlateHeaderFixtures.header("XE309");
        h.put("CNPIX1", 5000);
        h.put("CNPIX2", 6000);
        h.put("NAXIS1", TILE);
        h.put("NAXIS2", TILE);
        PlateAstrometry dss = PlateAstrometry.of(h, "XE309 cut-out", Solution.DSS);
        double c = (TILE + 1) / 2.0;
        SkyPosition centre = dss.pixelToSky(c, c);
        TanProjection tangent = new TanProjection(centre.raDeg(), centre.decDeg());
        double[] east = tangent.project(dss.pixelToSky(c + 1, c).raDeg(), dss.pixelToSky(c + 1, c).decDeg());
        double[] north = tangent.project(dss.pixelToSky(c, c + 1).raDeg(), dss.pixelToSky(c, c + 1).decDeg());
        h.put("CTYPE1", "RA---TAN");
        h.put("CTYPE2", "DEC--TAN");
        h.put("CRPIX1", c);
        h.put("CRPIX2", c);
        h.put("CRVAL1", centre.raDeg());
        h.put("CRVAL2", centre.decDeg() + shiftArcsec / 3600.0);
        h.put("CD1_1", east[0]);
        h.put("CD2_1", east[1]);
        h.put("CD1_2", north[0]);
        h.put("CD2_2", north[1]);
        return h;
    }

    @Test
    void autoPrefersTheCdSolutionAndFallsBackToThePolynomial() {
        Map<String, Object> both = cutOutWithBothSolutions(2.34);
        assertThat(PlateAstrometry.availableSolutions(HeaderValues.of(both, "both")))
                .containsExactlyInAnyOrder(Solution.CD, Solution.DSS);
        PlateAstrometry auto = PlateAstrometry.of(both, "both", Solution.AUTO);
        PlateAstrometry cd = PlateAstrometry.of(both, "both", Solution.CD);
        assertThat(auto.solution()).isEqualTo(Solution.CD);
        assertThat(auto.pixelToSky(10, 20)).isEqualTo(cd.pixelToSky(10, 20));

        HeaderValues polynomialOnly = PlateHeaderFixtures.values("XE309");
        assertThat(PlateAstrometry.availableSolutions(polynomialOnly)).containsExactly(Solution.DSS);
        assertThat(PlateAstrometry.of(polynomialOnly, Solution.AUTO).solution()).isEqualTo(Solution.DSS);
        assertThat(PlateAstrometry.of(polynomialOnly, Solution.AUTO))
                .asString().matches("PlateAstrometry\\[DSS plate polynomial of XE309, 1\\.(69|70)\\d arcsec/px]");
    }

    @Test
    void aCutOutsPolynomialAgreesWithTheFullPlateShiftedByItsOrigin() {
        Map<String, Object> cutOut = cutOutWithBothSolutions(0);
        PlateAstrometry tile = PlateAstrometry.of(cutOut, "cut-out", Solution.DSS);
        PlateAstrometry plate = PlateAstrometry.of(PlateHeaderFixtures.values("XE309"), Solution.DSS);
        assertThat(tile.pixelToSky(100.25, 200.75)).isEqualTo(plate.pixelToSky(5100.25, 6200.75));
        assertThat(tile.pixelScaleArcsec()).isCloseTo(1.7, within(0.02));
    }

    @Test
    void offsetsBetweenTheTwoSolutionsAreMeasuredAtTheCentreAndCorners() {
        SolutionOffsets shifted = PlateAstrometry.solutionOffsets(HeaderValues.of(cutOutWithBothSolutions(2.34), "x"))
                .orElseThrow();
        assertThat(shifted.centreArcsec()).isCloseTo(2.34, within(0.001));
        for (double corner : new double[] {shifted.lowerLeftArcsec(), shifted.lowerRightArcsec(),
                shifted.upperLeftArcsec(), shifted.upperRightArcsec()}) {
            assertThat(corner).isBetween(1.0, 4.0);
        }
        assertThat(shifted.maxArcsec()).isGreaterThanOrEqualTo(shifted.centreArcsec());

        SolutionOffsets fitted = PlateAstrometry.solutionOffsets(HeaderValues.of(cutOutWithBothSolutions(0), "x"))
                .orElseThrow();
        assertThat(fitted.centreArcsec()).isLessThan(1e-6);
        // A TAN plane fitted at the centre departs from the plate polynomial toward the corners.
        assertThat(fitted.lowerLeftArcsec()).isGreaterThan(fitted.centreArcsec()).isLessThan(1.0);

        assertThat(PlateAstrometry.solutionOffsets(PlateHeaderFixtures.values("XE309"))).isEmpty();
    }

    @Test
    void askingForAnAbsentSolutionNamesTheMissingKeywords() {
        HeaderValues polynomialOnly = PlateHeaderFixtures.values("XE309");
        assertThatThrownBy(() -> PlateAstrometry.of(polynomialOnly, Solution.CD))
                .isInstanceOf(AstrometryHeaderException.class)
                .hasMessageContaining("XE309").hasMessageContaining("CRVAL1")
                .satisfies(e -> assertThat(((AstrometryHeaderException) e).missingKeys())
                        .contains("CTYPE1", "CRPIX1", "CRVAL2", "CD1_1 (or CDELT1)"));

        Map<String, Object> cdOnly = CdMatrixWcsTest.tanHeader(10, 20, 0);
        assertThatThrownBy(() -> PlateAstrometry.of(cdOnly, "tile.fits", Solution.DSS))
                .isInstanceOf(AstrometryHeaderException.class)
                .hasMessageContaining("tile.fits has no DSS plate solution")
                .satisfies(e -> assertThat(((AstrometryHeaderException) e).missingKeys())
                        .contains("PLTRAH", "AMDX1", "AMDY13", "CNPIX1"));

        Map<String, Object> neither = Map.of("NAXIS1", 10, "NAXIS2", 10, "CRVAL1", 10.0, "CRVAL2", 20.0);
        assertThatThrownBy(() -> PlateAstrometry.of(neither, "bare.fits", Solution.AUTO))
                .isInstanceOf(AstrometryHeaderException.class)
                .hasMessageContaining("bare.fits has no astrometric solution")
                .hasMessageContaining("CD1_1 (or CDELT1)").hasMessageContaining("AMDX1");
    }

    @Test
    void nonFiniteOrMalformedKeywordsAreRefusedByName() {
        Map<String, Object> nan = PlateHeaderFixtures.header("XE309");
        nan.put("AMDX7", Double.NaN);
        assertThatThrownBy(() -> PlateAstrometry.of(nan, "XE309", Solution.AUTO))
                .isInstanceOf(AstrometryHeaderException.class).hasMessageContaining("AMDX7").hasMessageContaining("finite");

        Map<String, Object> text = PlateHeaderFixtures.header("XE309");
        text.put("PPO3", "lots");
        assertThatThrownBy(() -> PlateAstrometry.of(text, "XE309", Solution.DSS))
                .isInstanceOf(AstrometryHeaderException.class).hasMessageContaining("PPO3 = 'lots' is not a number");

        Map<String, Object> sign = PlateHeaderFixtures.header("XE309");
        sign.put("PLTDECSN", "N");
        assertThatThrownBy(() -> PlateAstrometry.of(sign, "XE309", Solution.DSS))
                .isInstanceOf(AstrometryHeaderException.class).hasMessageContaining("PLTDECSN");

        Map<String, Object> pixel = PlateHeaderFixtures.header("XE309");
        pixel.put("XPIXELSZ", 0.0);
        assertThatThrownBy(() -> PlateAstrometry.of(pixel, "XE309", Solution.DSS))
                .isInstanceOf(AstrometryHeaderException.class).hasMessageContaining("XPIXELSZ");

        Map<String, Object> infiniteCd = cutOutWithBothSolutions(0);
        infiniteCd.put("CD1_1", Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> PlateAstrometry.of(infiniteCd, "tile", Solution.AUTO))
                .isInstanceOf(AstrometryHeaderException.class).hasMessageContaining("CD1_1");
    }

    @Test
    void aPositionFarOffThePlateIsRefusedRatherThanGuessed() {
        PlateAstrometry plate = PlateAstrometry.of(PlateHeaderFixtures.values("XE309"), Solution.DSS);
        SkyPosition centre = plate.pixelToSky(7000, 7000);
        assertThatThrownBy(() -> plate.skyToPixel(centre.raDeg() + 180, -centre.decDeg()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
