package org.vasco.extract.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.DetectionAstrometry;
import org.vasco.common.fits.LdacCatalogue;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.tile.TileId;
import org.vasco.extract.TestTools;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.tool.ToolRun;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.testkit.sky.WcsHeaders;

/**
 * The proof obligation of the fast path (issue 10 item 1), with the real SExtractor and PSFEx on ten synthetic
 * tiles of varied density (high latitude to the Galactic plane, 8–12′, different seeds, one with the DSS plate
 * polynomial only). On the same pass 1 and PSF model:
 * <ol>
 *   <li>the position pass finds exactly the full pass 2's objects, numbered alike, with bit-identical
 *       NUMBER, X/Y_IMAGE, XWIN/YWIN_IMAGE, X/Y_WORLD, ALPHA/DELTA_J2000, ALPHAWIN/DELTAWIN_J2000 and FLUX_AUTO
 *       (S0S's neighbour fluxes, read from the position pass in a fast run), also once placed by the tile's astrometry;</li>
 *   <li>the measure step's rows for a survivor list (the injected vanishing sources, which no catalogue holds,
 *       every deblended object, the objects nearest the edges, and a random tenth of the rest) equal the full
 *       pass 2's rows of the same NUMBERs in every column, bit for bit, through the association pass; survivors in
 *       the top half of the last row, out of the association's reach, go through the full-pass fallback and equal
 *       them too.</li>
 * </ol>
 * The tiles are independent, so they run concurrently, one per core.
 */
@Execution(ExecutionMode.CONCURRENT)
class FastPathEquivalenceTest {

    @TempDir
    static Path dir;

    static ExtractionPipeline pipeline;
    static SurvivorMeasurement measurement;
    static ExtractionConfig config;
    /** Tiles whose top-row survivors went through the full-pass fallback: at least one must. */
    static final java.util.concurrent.atomic.AtomicInteger FALLBACKS = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.AfterAll
    static void theFallbackWasExercised() {
        assertThat(FALLBACKS.get()).as("tiles with a survivor beyond the association's reach (Y_IMAGE ≥ height − 0.5)").isPositive();
    }

    @BeforeAll
    static void tools() throws Exception {
        pipeline = TestTools.pipeline(Map.of());
        measurement = TestTools.measurement(Map.of());
        config = ExtractionConfig.bundled();
    }

    static Stream<Arguments> tiles() {
        return Stream.of(
                Arguments.of("tile_RA130.013_DECp33.081", 11L, 10.0, 6, WcsHeaders.CD_MATRIX),
                Arguments.of("tile_RA020.000_DECm10.000", 3L, 12.0, 6, WcsHeaders.CD_MATRIX),
                Arguments.of("tile_RA180.000_DECp60.000", 5L, 12.0, 6, WcsHeaders.CD_MATRIX),
                Arguments.of("tile_RA300.000_DECp35.000", 3L, 8.0, 2, WcsHeaders.CD_MATRIX),
                Arguments.of("tile_RA310.000_DECp45.000", 7L, 8.0, 2, WcsHeaders.CD_MATRIX),
                Arguments.of("tile_RA290.000_DECp15.000", 2L, 8.0, 0, WcsHeaders.CD_MATRIX),
                Arguments.of("tile_RA280.000_DECm05.000", 9L, 8.0, 0, WcsHeaders.CD_MATRIX),
                Arguments.of("tile_RA083.800_DECp22.000", 4L, 10.0, 3, WcsHeaders.CD_MATRIX),
                Arguments.of("tile_RA240.000_DECp10.000", 8L, 10.0, 6, WcsHeaders.DSS_POLYNOMIAL_ONLY),
                Arguments.of("tile_RA050.000_DECp20.000", 13L, 9.0, 4, WcsHeaders.CD_MATRIX));
    }

    @ParameterizedTest(name = "{0} seed {1}, {2}′")
    @MethodSource("tiles")
    void fastPathRowsAreTheFullPathRows(String tileId, long seed, double sizeArcmin, int vanishing, WcsHeaders headers)
            throws Exception {
        TileId tile = TileId.of(tileId);
        SkyTile sky = SyntheticSky.withSeed(seed).withSizeArcmin(sizeArcmin).withVanishingCount(vanishing)
                .withWcsHeaders(headers).render(tile, SyntheticSky.nearestPlate(tile.raDeg(), tile.decDeg()).plateId());
        Path work = Files.createDirectories(dir.resolve(tileId));
        Path image = Files.write(work.resolve(sky.fitsFileName()), sky.fits());
        Path out = work.resolve("extract");
        pipeline.run(new ExtractionPipeline.Request(image, work.resolve("scratch"), work.resolve("logs"), out));
        LdacCatalogue full = LdacCatalogue.read(ArtefactFile.PASS2_CATALOGUE.in(out));
        assertThat(full.rowCount()).as("pass-2 objects").isGreaterThan(50);

        // (1) the position pass, on the same image with the same pass-2 detection settings
        Path scratch = Files.createDirectories(work.resolve("positions"));
        config.writeTo(scratch);
        ToolRun.Result run = new ToolRun("positions", pipeline.tools().sextractor(), config.positionArguments(image), scratch,
                work.resolve("logs"), Duration.ofMinutes(2)).execute();
        assertThat(run.succeeded()).as("position pass: %s", run.errorSummary()).isTrue();
        LdacCatalogue positions = LdacCatalogue.read(ArtefactFile.POSITIONS_CATALOGUE.in(scratch));
        assertThat(positions.rowCount()).as("objects of the position pass").isEqualTo(full.rowCount());
        assertThat(positions.columnNames()).as("the position pass's columns, all compared below").contains("FLUX_AUTO");
        for (String column : positions.columnNames()) {
            for (int row = 0; row < full.rowCount(); row++) {
                assertThat(bits(positions.vector(column, row))).as("%s of row %d", column, row)
                        .isEqualTo(bits(full.vector(column, row)));
            }
        }
        List<Detection> placedFull = DetectionAstrometry.placedDetections(full);
        List<Detection> placedPositions = DetectionAstrometry.placedPositions(positions);
        for (int row = 0; row < placedFull.size(); row++) {
            Detection f = placedFull.get(row);
            Detection p = placedPositions.get(row);
            assertThat(new double[] {p.number(), p.xImage(), p.yImage(), p.xwinImage(), p.ywinImage(), p.xWorld(), p.yWorld(),
                    p.alphaJ2000(), p.deltaJ2000(), p.alphawinJ2000(), p.deltawinJ2000(), p.fluxAuto()})
                    .as("placed positions of NUMBER %d", f.number())
                    .isEqualTo(new double[] {f.number(), f.xImage(), f.yImage(), f.xwinImage(), f.ywinImage(), f.xWorld(), f.yWorld(),
                            f.alphaJ2000(), f.deltaJ2000(), f.alphawinJ2000(), f.deltawinJ2000(), f.fluxAuto()});
        }

        // (2) the measure step on survivors within the association's reach, then with those beyond it
        int height = sky.naxis();
        List<Integer> rows = survivorRows(full, sky, seed);
        List<Integer> reachable = rows.stream().filter(r -> full.value("Y_IMAGE", r) < height - 0.501).toList();
        assertThat(reachable.stream().filter(r -> ((int) full.value("FLAGS", r) & 2) != 0))
                .as("deblended objects among the survivors").isNotEmpty();
        checkMeasurement(full, image, out, work.resolve("measure-assoc"), reachable, SurvivorMeasurement.Method.ASSOC);
        List<Integer> topRow = topRow(full, height);
        if (!topRow.isEmpty()) {
            List<Integer> withTop = new ArrayList<>(reachable);
            withTop.addAll(topRow);
            checkMeasurement(full, image, out, work.resolve("measure-top"), withTop, SurvivorMeasurement.Method.FULL_PASS2);
            FALLBACKS.incrementAndGet();
        }
    }

    private static void checkMeasurement(LdacCatalogue full, Path image, Path extractArea, Path work, List<Integer> rows,
            SurvivorMeasurement.Method expected) throws Exception {
        List<VetoSurvivors.Survivor> list = rows.stream().map(r -> new VetoSurvivors.Survivor((int) full.value("NUMBER", r),
                full.value("X_IMAGE", r), full.value("Y_IMAGE", r))).toList();
        Path destination = Files.createDirectories(work);
        SurvivorMeasurement.Result result = measurement.run(new SurvivorMeasurement.Request(image,
                ArtefactFile.PSF_MODEL.in(extractArea), new VetoSurvivors(list), work.resolve("scratch"), work.resolve("logs"),
                destination));
        assertThat(result.method()).isEqualTo(expected);
        LdacCatalogue measured = LdacCatalogue.read(ArtefactFile.PASS2_CATALOGUE.in(destination));
        assertThat(measured.rowCount()).as("measured rows").isEqualTo(list.size());
        Map<Integer, Integer> fullRow = new HashMap<>();
        for (int row = 0; row < full.rowCount(); row++) {
            fullRow.put((int) full.value("NUMBER", row), row);
        }
        for (int row = 0; row < measured.rowCount(); row++) {
            int number = (int) measured.value("NUMBER", row);
            assertThat(fullRow).as("NUMBER of measured row %d", row).containsKey(number);
            int f = fullRow.get(number);
            for (String column : full.columnNames()) {
                assertThat(bits(measured.vector(column, row))).as("%s of NUMBER %d (%s)", column, number, expected)
                        .isEqualTo(bits(full.vector(column, f)));
            }
        }
        assertThat(Files.exists(work.resolve("scratch"))).as("scratch removed").isFalse();
    }

    /**
     * Survivor rows: the detection nearest each vanishing source, every deblended object, the objects nearest each
     * edge, and a random tenth of the others.
     */
    private static List<Integer> survivorRows(LdacCatalogue full, SkyTile sky, long seed) {
        Map<Integer, Boolean> chosen = new LinkedHashMap<>();
        for (TruthObject vanishing : sky.truth(TruthKind.VANISHING)) {
            nearest(full, vanishing.xPixel(), vanishing.yPixel()).ifPresent(r -> chosen.put(r, true));
        }
        Random random = new Random(seed);
        int n = full.rowCount();
        for (int row = 0; row < n; row++) {
            if (((int) full.value("FLAGS", row) & 3) != 0 || random.nextDouble() < 0.10) {
                chosen.put(row, true);
            }
        }
        double w = sky.naxis();
        for (Comparator<Integer> edge : List.<Comparator<Integer>>of(
                Comparator.comparingDouble(r -> full.value("X_IMAGE", r)),
                Comparator.comparingDouble(r -> w - full.value("X_IMAGE", r)),
                Comparator.comparingDouble(r -> full.value("Y_IMAGE", r)),
                Comparator.comparingDouble(r -> w - 0.501 - full.value("Y_IMAGE", r) < 0 ? Double.MAX_VALUE
                        : w - full.value("Y_IMAGE", r)))) {
            Stream.iterate(0, i -> i + 1).limit(n).min(edge).ifPresent(r -> chosen.put(r, true));
        }
        return List.copyOf(chosen.keySet());
    }

    private static List<Integer> topRow(LdacCatalogue full, int height) {
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < full.rowCount(); row++) {
            if (full.value("Y_IMAGE", row) >= height - 0.5) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static java.util.Optional<Integer> nearest(LdacCatalogue full, double x, double y) {
        return Stream.iterate(0, i -> i + 1).limit(full.rowCount())
                .filter(r -> Math.hypot(full.value("XWIN_IMAGE", r) - x, full.value("YWIN_IMAGE", r) - y) < 2)
                .min(Comparator.comparingDouble(r -> Math.hypot(full.value("XWIN_IMAGE", r) - x, full.value("YWIN_IMAGE", r) - y)));
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }
}
