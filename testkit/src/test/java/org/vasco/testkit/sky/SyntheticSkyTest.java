package org.vasco.testkit.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.HeaderValues;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.SkyPosition;
import org.vasco.common.tile.TileId;

class SyntheticSkyTest {

    static final TileId TILE = TileId.of("tile_RA130.013_DECp33.081");
    static final String PLATE = "XE258";
    static SkyTile tile;

    @BeforeAll
    static void render() {
        tile = SyntheticSky.withSeed(11).withSizeArcmin(12).withDssPolynomial(true).withVanishingCount(5)
                .render(TILE, PLATE);
    }

    @Test
    void sameTileAndSeedRenderByteIdentically() {
        SkyTile again = SyntheticSky.withSeed(11).withSizeArcmin(12).withDssPolynomial(true).withVanishingCount(5)
                .render(TILE, PLATE);
        assertThat(again.fits()).isEqualTo(tile.fits());
        assertThat(again.truthCsv()).isEqualTo(tile.truthCsv());
        for (Catalogue c : Catalogue.values()) {
            assertThat(SkyTile.neighbourhoodCsv(again.neighbourhood(c, 10)))
                    .isEqualTo(SkyTile.neighbourhoodCsv(tile.neighbourhood(c, 10)));
        }
        SkyTile otherSeed = SyntheticSky.withSeed(12).withSizeArcmin(12).withDssPolynomial(true).render(TILE, PLATE);
        assertThat(otherSeed.fits()).isNotEqualTo(tile.fits());
    }

    @Test
    void headerCarriesThePlateMetadataSaturationAndTanSolution() throws Exception {
        Header h = header(tile.fits());
        assertThat(h.getIntValue("BITPIX")).isEqualTo(16);
        assertThat(h.getIntValue("NAXIS1")).isEqualTo(tile.naxis());
        assertThat(h.getDoubleValue("BZERO")).isEqualTo(32768.0);
        assertThat(h.getStringValue("SURVEY")).isEqualTo("POSSI-E");
        assertThat(h.getStringValue("REGION")).isEqualTo(PLATE);
        assertThat(h.getStringValue("PLATEID")).isEqualTo("08BW");
        assertThat(h.getStringValue("PLTLABEL")).isEqualTo("E648");
        assertThat(h.getStringValue("DATE-OBS")).isEqualTo("1953-01-10T08:32:00");
        assertThat(h.getDoubleValue("SATURATE")).isEqualTo(50000.0);
        assertThat(h.getStringValue("CTYPE1")).isEqualTo("RA---TAN");
        assertThat(h.getDoubleValue("CD1_1")).isCloseTo(-1.7 / 3600, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(h.getDoubleValue("CD2_2")).isCloseTo(1.7 / 3600, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(h.getDoubleValue("CRVAL1")).isEqualTo(130.013);
        assertThat(h.containsKey("DATE")).as("no wall-clock date in the header").isFalse();
        assertThat(tile.naxis()).isEqualTo((int) Math.round(12 * 60 / 1.7));
    }

    @Test
    void pixelsAreUnsignedSixteenBitWithStarsAboveAPlateLikeBackground() throws Exception {
        try (Fits fits = new Fits(new ByteArrayInputStream(tile.fits()))) {
            ImageHDU hdu = (ImageHDU) fits.readHDU();
            short[][] raw = (short[][]) hdu.getKernel();
            int n = tile.naxis();
            int max = 0;
            long sum = 0;
            for (short[] row : raw) {
                for (short v : row) {
                    int value = v + 32768;
                    max = Math.max(max, value);
                    sum += value;
                }
            }
            double mean = (double) sum / ((long) n * n);
            assertThat(mean).as("mean level").isBetween(3000.0, 9000.0);
            TruthObject brightest = tile.truth(TruthKind.STAR).stream()
                    .min(java.util.Comparator.comparingDouble(TruthObject::magnitude)).orElseThrow();
            int x = (int) Math.round(brightest.xPixel()) - 1;
            int y = (int) Math.round(brightest.yPixel()) - 1;
            assertThat(raw[y][x] + 32768).as("centre of the brightest star").isGreaterThan((int) mean + 1000);
        }
    }

    @Test
    void dssPolynomialDecodesToTheSamePositionsAsTheCdMatrix() throws Exception {
        Header h = header(tile.fits());
        PlateAstrometry cd = PlateAstrometry.of(h, "synthetic", PlateAstrometry.Solution.CD);
        PlateAstrometry dss = PlateAstrometry.of(h, "synthetic", PlateAstrometry.Solution.DSS);
        double worst = 0;
        for (double x = 1; x <= tile.naxis(); x += (tile.naxis() - 1) / 8.0) {
            for (double y = 1; y <= tile.naxis(); y += (tile.naxis() - 1) / 8.0) {
                SkyPosition viaCd = cd.pixelToSky(x, y);
                SkyPosition viaPolynomial = dss.pixelToSky(x, y);
                double[] ours = tile.toSky(x, y);
                assertThat(viaCd.separationArcsec(new SkyPosition(ours[0], ours[1]))).isLessThan(0.001);
                worst = Math.max(worst, viaCd.separationArcsec(viaPolynomial));
            }
        }
        assertThat(worst).as("largest CD vs polynomial difference, arcsec").isLessThan(0.05);
        assertThat(PlateAstrometry.solutionOffsets(HeaderValues.of(h, "synthetic")).orElseThrow().maxArcsec())
                .isLessThan(0.05);

        SkyTile polynomialOnly = SyntheticSky.withSeed(11).withSizeArcmin(12).withWcsHeaders(WcsHeaders.DSS_POLYNOMIAL_ONLY)
                .render(TILE, PLATE);
        Header p = header(polynomialOnly.fits());
        assertThat(p.containsKey("CD1_1")).isFalse();
        assertThat(p.containsKey("CTYPE1")).isFalse();
        PlateAstrometry only = PlateAstrometry.of(p, "synthetic", PlateAstrometry.Solution.AUTO);
        assertThat(only.solution()).isEqualTo(PlateAstrometry.Solution.DSS);
        for (TruthObject t : polynomialOnly.truth(TruthKind.VANISHING)) {
            SkyPosition decoded = only.pixelToSky(t.xPixel(), t.yPixel());
            assertThat(decoded.separationArcsec(new SkyPosition(t.raDeg(), t.decDeg()))).as(t.id()).isLessThan(0.05);
        }
        assertThat(header(SyntheticSky.withSeed(11).withSizeArcmin(12).render(TILE, PLATE).fits()).containsKey("AMDX1"))
                .isFalse();
    }

    @Test
    void truthHoldsEveryKindAtThePlateEpoch() {
        assertThat(tile.truth(TruthKind.STAR)).hasSizeGreaterThan(100);
        assertThat(tile.truth(TruthKind.VANISHING)).hasSize(5);
        assertThat(tile.truth(TruthKind.ARTEFACT)).extracting(TruthObject::detail)
                .contains("dust_speck", "scratch", "emulsion_defect");
        assertThat(tile.truth(TruthKind.ASTEROID)).hasSize(3).allSatisfy(a -> assertThat(a.name()).isNotBlank());
        assertThat(tile.asteroids()).hasSize(3);
        assertThat(SyntheticSky.withSeed(11).withSizeArcmin(12).knownAsteroids(TILE.raDeg(), TILE.decDeg(), 12, PLATE))
                .as("the SkyBoT view without rendering").isEqualTo(tile.asteroids());
        assertThat(tile.truth(TruthKind.ASTEROID)).anySatisfy(a -> assertThat(a.detail()).isEmpty())
                .anySatisfy(a -> assertThat(a.detail()).isEqualTo("trailed"));
        // point sources as wide as stars of their magnitude there: 1.9–3.3 px at R 19.5, 4.5 % wider per magnitude brighter
        assertThat(tile.truth(TruthKind.VANISHING))
                .allSatisfy(v -> assertThat(v.fwhmPixels()).isBetween(1.9, 3.3 * (1 + 0.045 * (19.5 - v.magnitude()))));
        long brightEnough = tile.truth(TruthKind.VANISHING).stream().filter(v -> v.expectedSnr() > 30).count();
        assertThat(brightEnough).as("vanishing sources expected above the S/N gate").isGreaterThanOrEqualTo(3);
        for (TruthObject v : tile.truth(TruthKind.VANISHING)) {
            for (TruthObject other : tile.truth()) {
                if (other != v) {
                    assertThat(SkyGeometry.separationArcsec(v.raDeg(), v.decDeg(), other.raDeg(), other.decDeg()))
                            .as("%s to %s", v.id(), other.id()).isGreaterThanOrEqualTo(20.0);
                }
            }
        }
        for (TruthObject t : tile.truth()) {
            double[] p = tile.toPixel(t.raDeg(), t.decDeg());
            assertThat(Math.hypot(p[0] - t.xPixel(), p[1] - t.yPixel())).as(t.id()).isLessThan(1e-6);
        }
    }

    @Test
    void starsAreInTheCataloguesAtTheirEpochsButVanishingSourcesAndArtefactsAreInNone() {
        double epoch = PlateEpoch.parse("1953-01-10T08:32:00").decimalYear();
        double radius = tile.defaultNeighbourhoodRadiusArcmin();
        CatalogueNeighbourhood gaia = tile.neighbourhood(Catalogue.GAIA, radius);
        CatalogueNeighbourhood usnob = tile.neighbourhood(Catalogue.USNOB, radius);
        CatalogueNeighbourhood ps1 = tile.neighbourhood(Catalogue.PS1, radius);
        double[][] gaiaAtPlate = propagate(gaia, 2016.0, epoch);
        double[][] usnobAtPlate = propagate(usnob, 2000.0, epoch);

        // The plate shows each star 1.0" per axis off its catalogued place (the plate's astrometric error, which makes
        // WCSFIX's sigma ~0.7" as on real scans): far inside the 5" veto radius for every star, Rayleigh-distributed.
        List<Double> offsets = new java.util.ArrayList<>();
        for (TruthObject star : tile.truth(TruthKind.STAR)) {
            if (star.magnitude() < 20.0) {
                // Faint two-parameter Gaia sources have no proper motion to propagate: those are left out.
                double gaiaOffset = nearest(gaiaAtPlate, star);
                assertThat(gaiaOffset).as("Gaia counterpart of %s", star.id()).isLessThan(5.0);
                assertThat(nearest(usnobAtPlate, star)).as("USNO-B counterpart of %s", star.id()).isLessThan(5.0);
                offsets.add(gaiaOffset);
            }
        }
        java.util.Collections.sort(offsets);
        assertThat(offsets.get(offsets.size() / 2)).as("median offset, 1.18 sigma for a 2-D Gaussian of 1.0\" per axis")
                .isBetween(1.0, 1.4);
        List<TruthObject> notCatalogued = new java.util.ArrayList<>(tile.truth(TruthKind.VANISHING));
        notCatalogued.addAll(tile.truth(TruthKind.ARTEFACT));
        notCatalogued.addAll(tile.truth(TruthKind.ASTEROID));
        double[][] ps1Rows = {ps1.ra(), ps1.dec()};
        for (TruthObject v : tile.truth(TruthKind.VANISHING)) {
            assertThat(nearest(gaiaAtPlate, v)).as(v.id()).isGreaterThan(10.0);
            assertThat(nearest(usnobAtPlate, v)).as(v.id()).isGreaterThan(10.0);
            assertThat(nearest(ps1Rows, v)).as(v.id()).isGreaterThan(10.0);
        }
        // Artefacts and asteroids may fall on a star by chance, but none of them is a catalogue entry.
        long coincident = notCatalogued.stream().filter(t -> nearest(gaiaAtPlate, t) < 0.01).count();
        assertThat(coincident).isZero();
    }

    @Test
    void theGrainIsCorrelatedBetweenNeighbouringPixelsAndBrightStarsAreWider() {
        int n = 400;
        float[] grain = PlateImage.Grain.field(n, new java.util.SplittableRandom(5));
        double lag = 0;
        double variance = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x + 1 < n; x++) {
                lag += grain[y * n + x] * grain[y * n + x + 1];
                variance += grain[y * n + x] * grain[y * n + x];
            }
        }
        assertThat(lag / variance).as("lag-1 correlation along a row").isCloseTo(PlateImage.Grain.LAG1,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(variance / (n * (n - 1.0))).as("unit variance").isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.02));
        PlatePsf.Shape field = new PlatePsf.Shape(2.2, 0.02, 0, PlatePsf.BETA);
        assertThat(PlatePsf.forMagnitude(field, 19.8).fwhm()).isEqualTo(2.2);
        assertThat(PlatePsf.forMagnitude(field, 15.5).fwhm()).isCloseTo(2.2 * (1 + 4 * 0.045),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void anAsteroidsTrailStartsWhereSkybotPutsItAtDateObsAndIsCentredAtMidExposure() {
        double hours = CutoutRenderer.exposureMinutes(tile.plate()) / 60.0;
        for (KnownAsteroid a : tile.asteroids()) {
            TruthObject image = tile.truth(TruthKind.ASTEROID).stream()
                    .filter(t -> t.id().equals(Integer.toString(a.number()))).findFirst().orElseThrow();
            double east = (image.raDeg() - a.raDeg()) * Math.cos(Math.toRadians(a.decDeg())) * 3600;
            double north = (image.decDeg() - a.decDeg()) * 3600;
            assertThat(east).as(a.name()).isCloseTo(a.raRateArcsecPerHour() * hours / 2, org.assertj.core.data.Offset.offset(0.05));
            assertThat(north).as(a.name()).isCloseTo(a.decRateArcsecPerHour() * hours / 2, org.assertj.core.data.Offset.offset(0.05));
        }
    }

    @Test
    void highProperMotionStarsMoveMoreThanFiveArcsecBetweenTheirCatalogueAndThePlate() {
        SkyTile wide = SyntheticSky.withSeed(11).withSizeArcmin(24).render(TILE, PLATE);
        CatalogueNeighbourhood gaia = wide.neighbourhood(Catalogue.GAIA, wide.defaultNeighbourhoodRadiusArcmin());
        List<TruthObject> hpm = wide.truth(TruthKind.STAR).stream().filter(t -> t.detail().equals("hpm")).toList();
        assertThat(hpm).as("stars faster than 100 mas/yr on a 24' cut-out").hasSizeGreaterThanOrEqualTo(2);
        for (TruthObject star : hpm) {
            assertThat(Math.hypot(star.pmRaMasYr(), star.pmDecMasYr())).isGreaterThan(100);
            double[] row = nearestRow(gaia, star);
            assertThat(SkyGeometry.separationArcsec(row[0], row[1], star.raDeg(), star.decDeg()))
                    .as("%s J2016 vs plate position", star.id()).isGreaterThan(5.0);
        }
    }

    @Test
    void neighbourhoodsHaveTheServiceLayoutsAndCoverage() {
        CatalogueNeighbourhood gaia = tile.neighbourhood(Catalogue.GAIA, 20);
        assertThat(gaia.rows()).allSatisfy(r -> assertThat(r).hasSize(Catalogue.GAIA.columns().size()));
        double[] r = gaia.doubles("_r");
        for (int i = 1; i < r.length; i++) {
            assertThat(r[i]).isGreaterThanOrEqualTo(r[i - 1]).isLessThanOrEqualTo(20.0);
        }
        CatalogueNeighbourhood ps1 = tile.neighbourhood(Catalogue.PS1, 20);
        assertThat(ps1.rows().get(0)[0]).matches("[0-9]{17,18}");
        CatalogueNeighbourhood bright = tile.neighbourhood(Catalogue.PS1_BRIGHT, 45);
        assertThat(java.util.Arrays.stream(bright.doubles("rmag")).boxed().toList()).isNotEmpty()
                .allSatisfy(m -> assertThat(m).isLessThanOrEqualTo(16.0));
        // The sky beyond the image is populated too: the 45' bright-star cone reaches far past a 12' cut-out.
        assertThat(java.util.Arrays.stream(bright.ra()).map(ra -> Math.abs(ra - 130.013)).max().orElse(0)).isGreaterThan(0.2);

        SkyTile south = SyntheticSky.withSeed(3).withSizeArcmin(6).render(TileId.of("tile_RA8.049_DECm30.300"), "XE882");
        assertThat(south.neighbourhood(Catalogue.PS1, 5).size()).as("PS1 has nothing south of -30").isZero();
        assertThat(south.neighbourhood(Catalogue.GAIA, 5).size()).isPositive();
    }

    @Test
    void overlappingCutOutsShowTheSameStarsAtTheSamePlaces() {
        SkyTile shifted = SyntheticSky.withSeed(11).renderAt(130.013 + 0.05, 33.081 - 0.04, 12, PLATE);
        java.util.Map<String, TruthObject> byId = new java.util.HashMap<>();
        tile.truth(TruthKind.STAR).forEach(t -> byId.put(t.id(), t));
        int common = 0;
        for (TruthObject s : shifted.truth(TruthKind.STAR)) {
            TruthObject same = byId.get(s.id());
            if (same != null) {
                common++;
                assertThat(SkyGeometry.separationArcsec(s.raDeg(), s.decDeg(), same.raDeg(), same.decDeg())).isLessThan(1e-6);
                assertThat(s.magnitude()).isEqualTo(same.magnitude());
            }
        }
        assertThat(common).isGreaterThan(30);
    }

    @Test
    void cutOutsAcrossRaZeroSeeTheSkyOnBothSides() {
        String plate = SyntheticSky.nearestPlate(0.02, 20.0).plateId();
        SkyTile wrap = SyntheticSky.withSeed(4).withSizeArcmin(6).render(TileId.of("tile_RA0.020_DECp20.000"), plate);
        assertThat(wrap.truth(TruthKind.STAR)).anySatisfy(t -> assertThat(t.raDeg()).isGreaterThan(359.9))
                .anySatisfy(t -> assertThat(t.raDeg()).isLessThan(0.1));
        assertThat(wrap.truth(TruthKind.STAR)).allSatisfy(t -> {
            assertThat(t.xPixel()).isBetween(0.5, wrap.naxis() + 0.5);
            assertThat(t.raDeg()).isBetween(0.0, 360.0);
        });
        double[] ra = wrap.neighbourhood(Catalogue.GAIA, 5).ra();
        assertThat(java.util.Arrays.stream(ra).filter(r -> r > 359.9).count()).isPositive();
        assertThat(java.util.Arrays.stream(ra).filter(r -> r < 0.1).count()).isPositive();
    }

    @Test
    void writesTheFitsTruthAndNeighbourhoodFiles(@TempDir Path dir) throws Exception {
        Path fits = tile.writeTo(dir);
        assertThat(fits.getFileName().toString()).isEqualTo("dss1-red_130.013_33.081_12arcmin.fits");
        assertThat(Files.readAllBytes(fits)).isEqualTo(tile.fits());
        assertThat(Files.readAllLines(dir.resolve("truth.csv")).get(0)).isEqualTo(String.join(",", TruthObject.CSV_COLUMNS));
        assertThat(Files.readAllLines(dir.resolve("truth.csv"))).hasSize(tile.truth().size() + 1);
        assertThat(Files.readAllLines(dir.resolve("gaia_neighbourhood.csv")).get(0))
                .isEqualTo("ra,dec,Gmag,BPmag,RPmag,pmRA,pmDE,Plx,_r");
        assertThat(Files.readAllLines(dir.resolve("ps1_neighbourhood.csv")).get(0))
                .isEqualTo("objID,ra,dec,Nd,gmag,rmag,imag,zmag,ymag,_r");
        assertThat(Files.readAllLines(dir.resolve("usnob_neighbourhood.csv")).get(0))
                .isEqualTo("ra,dec,R1mag,R2mag,B1mag,B2mag,Imag,pmRA,pmDE,_r");
        assertThat(Files.readAllLines(dir.resolve("ps1_bright_stars_r16_rad45.csv")).get(0)).isEqualTo("ra,dec,rmag");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void badInputsAreRejectedNamingTheProblem() {
        SyntheticSky sky = SyntheticSky.withSeed(1);
        assertThatThrownBy(() -> sky.render(TILE, "XE999X")).hasMessageContaining("XE999X");
        assertThatThrownBy(() -> sky.render(TileId.of("tile_RA10.000_DECm20.000"), PLATE))
                .hasMessageContaining("does not cover");
        assertThatThrownBy(() -> sky.withSizeArcmin(0.2)).hasMessageContaining("size");
        assertThatThrownBy(() -> sky.withVanishingCount(-1)).hasMessageContaining("vanishingCount");
    }

    static Header header(byte[] fits) throws Exception {
        try (Fits f = new Fits(new ByteArrayInputStream(fits))) {
            return f.readHDU().getHeader();
        }
    }

    private static double[][] propagate(CatalogueNeighbourhood n, double from, double to) {
        double[] ra = n.ra();
        double[] dec = n.dec();
        double[] pmRa = n.doubles("pmRA");
        double[] pmDe = n.doubles("pmDE");
        double[][] out = new double[2][ra.length];
        for (int i = 0; i < ra.length; i++) {
            boolean moving = Double.isFinite(pmRa[i]) && Double.isFinite(pmDe[i]);
            double[] p = moving ? SkySource.propagate(ra[i], dec[i], pmRa[i], pmDe[i], to - from) : new double[] {ra[i], dec[i]};
            out[0][i] = p[0];
            out[1][i] = p[1];
        }
        return out;
    }

    private static double nearest(double[][] radec, TruthObject t) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < radec[0].length; i++) {
            best = Math.min(best, SkyGeometry.separationArcsec(radec[0][i], radec[1][i], t.raDeg(), t.decDeg()));
        }
        return best;
    }

    private static double[] nearestRow(CatalogueNeighbourhood n, TruthObject t) {
        double[] ra = n.ra();
        double[] dec = n.dec();
        double[] pmRa = n.doubles("pmRA");
        int best = -1;
        double bestSeparation = Double.MAX_VALUE;
        for (int i = 0; i < ra.length; i++) {
            // Identify the star by its proper motion as well as the position it moves away from.
            double s = SkyGeometry.separationArcsec(ra[i], dec[i], t.raDeg(), t.decDeg());
            if (Math.abs(pmRa[i] - t.pmRaMasYr()) < 0.01 && s < bestSeparation) {
                best = i;
                bestSeparation = s;
            }
        }
        assertThat(best).as("Gaia row of %s", t.id()).isNotNegative();
        return new double[] {ra[best], dec[best]};
    }
}
