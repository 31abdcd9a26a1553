package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.detection.Detection;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.LoopbackMastServer;
import org.vasco.testkit.archives.LoopbackVizierServer;
import org.vasco.testkit.archives.SkyCones;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.xmatch.mirror.MirrorLocation;
import org.vasco.xmatch.mirror.MirrorSettings;
import org.vasco.xmatch.mirror.ParquetEngine;
import org.vasco.xmatch.mirror.TestMirrors;
import org.vasco.xmatch.science.CatalogueVeto;
import org.vasco.xmatch.science.CatalogueVetoInput;
import org.vasco.xmatch.science.CatalogueVetoParameters;
import org.vasco.xmatch.science.CatalogueVetoResult;
import org.vasco.xmatch.science.Survivor;

/**
 * The same stars served by the VizieR (and MAST) loopback and by mirrors written by the test give the same
 * neighbourhoods through {@link CatalogueSources}, the worker's code, and so the same survivors: in the reference's
 * level-5 layout with our manifest, as a HATS catalogue with STScI's PS1 column names, and as the reference's own
 * 6-column Gaia cache (which has no BP, RP or parallax). The tile lies in the polar cap (Dec +48°) next to RA 0/360,
 * where pixel selection by centres loses rows. The PS1 mirror also holds objects with one and two detections:
 * VizieR's II/389 has neither, the bright-star list takes the second. The Gaia mirror also holds a star between the
 * radius VizieR is asked for and the exact one: a mirror answers VizieR's cone, so both leave it out.
 */
class MirrorSourceTest {

    private static final double RA = 0.31;
    private static final double DEC = 48.2;
    private static final double RADIUS = new NeighbourhoodRadius(15).arcmin(Catalogue.GAIA);
    private static final TileId TILE = TileId.fromCentre(RA, DEC);

    @TempDir
    static Path dir;
    private static ParquetEngine engine;
    private static SkyTile sky;
    private static LoopbackVizierServer vizier;
    private static LoopbackMastServer mast;
    private static CatalogueSources remote;
    private static final Map<Catalogue, List<String[]>> MIRRORED = new EnumMap<>(Catalogue.class);
    /** An object with two detections and r = 12 (on the bright-star list, not in II/389) and one with a single detection. */
    private static final String[] TWO_DETECTIONS = {"160480003100000001", "0.310000000", "48.205000000", "2", "12.8000", "12.0000",
        "11.9000", "11.8000", "11.7000", ""};
    private static final String[] ONE_DETECTION = {"160480003100000002", "0.311000000", "48.200000000", "1", "", "19.5000", "", "",
        "", ""};

    /**
     * A Gaia star 13.6066010′ due north: beyond the 13.6066′ VizieR is asked for ({@code -c.r} has 4 decimals), inside
     * the exact 13.6066017′. VizieR leaves it out, so the mirror must too.
     */
    private static final String[] GAIA_AT_THE_EDGE = {"0.31000000000", String.format(java.util.Locale.ROOT, "%.11f", DEC + 13.606601 / 60),
        "17.000000", "", "", "1.000", "1.000", "", ""};

    @BeforeAll
    static void start() {
        engine = ParquetEngine.open("512MB");
        sky = SyntheticSky.withSeed(19).withSizeArcmin(15).renderServedAt(RA, DEC, 15);
        for (Catalogue c : List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB)) {
            List<String[]> rows = new ArrayList<>(sky.neighbourhood(c, 24).rows());
            if (c == Catalogue.GAIA) {
                rows.add(GAIA_AT_THE_EDGE);
            }
            if (c == Catalogue.PS1) {
                rows.add(TWO_DETECTIONS);
                rows.add(ONE_DETECTION);
            }
            MIRRORED.put(c, rows);
        }
        vizier = LoopbackVizierServer.start(SkyCones.of(sky));
        mast = LoopbackMastServer.start(SkyCones.of(sky));
        remote = CatalogueSources.remote(
                new VizierConeClient(client("vizier", vizier.baseUrl()), 200_000, 3, 1),
                new MastBrightStarClient(client("mast", mast.baseUrl()), 50_000, 10, 1));
    }

    @AfterAll
    static void stop() {
        vizier.close();
        mast.close();
        engine.close();
    }

    private static ArchiveClient client(String name, java.net.URI url) {
        return new ArchiveClient(RandomStarField.service(name, url, Duration.ofSeconds(10)), new SimpleMeterRegistry(), "test");
    }

    private static CatalogueSources mirrors(Map<Catalogue, Path> roots) {
        MirrorSettings settings = MirrorSettings.remoteOnly();
        for (Map.Entry<Catalogue, Path> e : roots.entrySet()) {
            settings = settings.withMirror(e.getKey(), MirrorLocation.parse(e.getValue().toString()));
        }
        return CatalogueSources.of(settings, 1, new VizierConeClient(client("vizier", vizier.baseUrl()), 200_000, 3, 1),
                new MastBrightStarClient(client("mast", mast.baseUrl()), 50_000, 10, 1));
    }

    private static CatalogueNeighbourhood fetch(CatalogueSources sources, Catalogue c) throws Exception {
        double radius = c == Catalogue.PS1_BRIGHT ? 20 : RADIUS;
        return sources.fetch(c, TILE, RA, DEC, radius).neighbourhood();
    }

    @Test
    void levelFiveMirrorsGiveVizierNeighbourhoodsAndTheSameSurvivors() throws Exception {
        Map<Catalogue, Path> roots = new EnumMap<>(Catalogue.class);
        for (Catalogue c : MIRRORED.keySet()) {
            roots.put(c, TestMirrors.healpixFive(engine, dir.resolve("l5-" + c.label()), c, MIRRORED.get(c), TestMirrors.Variant.OURS));
        }
        roots.put(Catalogue.PS1_BRIGHT, roots.get(Catalogue.PS1));
        try (CatalogueSources mirrored = mirrors(roots)) {
            Map<Catalogue, CatalogueNeighbourhood> fromVizier = new EnumMap<>(Catalogue.class);
            Map<Catalogue, CatalogueNeighbourhood> fromMirror = new EnumMap<>(Catalogue.class);
            for (Catalogue c : List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB)) {
                fromVizier.put(c, fetch(remote, c));
                fromMirror.put(c, fetch(mirrored, c));
                assertThat(fromVizier.get(c).size()).as(c.label()).isGreaterThan(50);
                assertThat(fromMirror.get(c).rows()).as("%s rows, cell for cell", c.label()).isEqualTo(fromVizier.get(c).rows());
            }
            assertThat(mirrored.describe(Catalogue.GAIA)).startsWith("mirror ");
            // what a run bundle's provenance lists per catalogue (catalog_cache.details.source)
            assertThat(mirrored.fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS).report().source()).startsWith("gaia mirror "
                    + roots.get(Catalogue.GAIA) + " (level-5 layout, MANIFEST.json): " + MIRRORED.get(Catalogue.GAIA).size() + " rows from ");
            assertThat(remote.fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS).report().source()).isEqualTo("VizieR");

            CatalogueNeighbourhood brightMast = fetch(remote, Catalogue.PS1_BRIGHT);
            CatalogueNeighbourhood brightMirror = fetch(mirrored, Catalogue.PS1_BRIGHT);
            assertThat(brightMast.size()).isPositive();
            assertThat(brightMirror.size()).as("MAST's stars and the two-detection one").isEqualTo(brightMast.size() + 1);
            // MAST pages come in its own order; the mirror's are nearest first: match by position
            int extra = 0;
            for (String[] m : brightMirror.rows()) {
                String[] t = brightMast.rows().stream().filter(r -> near(r, m)).findFirst().orElse(null);
                if (t == null) {
                    assertThat(m).as("the only star MAST does not list").startsWith("0.31000000", "48.20500000");
                    extra++;
                    continue;
                }
                assertThat(Double.parseDouble(m[0])).isCloseTo(Double.parseDouble(t[0]), within(1e-7));
                assertThat(Double.parseDouble(m[1])).isCloseTo(Double.parseDouble(t[1]), within(1e-7));
                assertThat(Double.parseDouble(m[2])).as("PS1's 4-decimal r against MAST's").isCloseTo(Double.parseDouble(t[2]), within(6e-5));
            }
            assertThat(extra).isEqualTo(1);

            CatalogueVetoResult withVizier = veto(fromVizier);
            CatalogueVetoResult withMirror = veto(fromMirror);
            assertThat(withVizier.survivors()).isNotEmpty();
            assertThat(numbers(withMirror.survivors())).isEqualTo(numbers(withVizier.survivors()));
            assertThat(withMirror.counters()).isEqualTo(withVizier.counters());
        }
    }

    @Test
    void hatsCataloguesAndTheReferenceCacheGiveTheSameRows() throws Exception {
        Path gaiaHats = TestMirrors.hats(engine, dir.resolve("hats-gaia"), Catalogue.GAIA, MIRRORED.get(Catalogue.GAIA));
        Path ps1Hats = TestMirrors.hats(engine, dir.resolve("hats-ps1"), Catalogue.PS1, MIRRORED.get(Catalogue.PS1));
        Path gaiaReference = TestMirrors.healpixFive(engine, dir.resolve("ref-gaia"), Catalogue.GAIA, MIRRORED.get(Catalogue.GAIA),
                TestMirrors.Variant.REFERENCE);
        try (CatalogueSources hats = mirrors(Map.of(Catalogue.GAIA, gaiaHats, Catalogue.PS1, ps1Hats));
             CatalogueSources reference = mirrors(Map.of(Catalogue.GAIA, gaiaReference))) {
            assertThat(fetch(hats, Catalogue.GAIA).rows()).isEqualTo(fetch(remote, Catalogue.GAIA).rows());
            assertThat(fetch(hats, Catalogue.PS1).rows()).isEqualTo(fetch(remote, Catalogue.PS1).rows());

            CatalogueNeighbourhood vizierGaia = fetch(remote, Catalogue.GAIA);
            CatalogueNeighbourhood six = fetch(reference, Catalogue.GAIA);
            assertThat(six.size()).isEqualTo(vizierGaia.size());
            List<String> blank = List.of("BPmag", "RPmag", "Plx");
            for (int i = 0; i < six.size(); i++) {
                for (String column : Catalogue.GAIA.columns()) {
                    int c = six.column(column);
                    assertThat(six.text(i, c)).as("row %d %s", i, column)
                            .isEqualTo(blank.contains(column) ? "" : vizierGaia.text(i, c));
                }
            }
        }
    }

    private static CatalogueVetoResult veto(Map<Catalogue, CatalogueNeighbourhood> n) {
        List<Detection> detections = new ArrayList<>();
        int number = 1;
        for (TruthObject t : sky.truth()) {
            detections.add(new Detection(number++, 0, t.xPixel(), t.yPixel(), t.xPixel(), t.yPixel(), 1.1, 3.0,
                    (int) t.xPixel() - 2, (int) t.xPixel() + 2, (int) t.yPixel() - 2, (int) t.yPixel() + 2,
                    t.raDeg(), t.decDeg(), t.raDeg(), t.decDeg(), t.raDeg(), t.decDeg(), 1e4, t.magnitude(), 0.9, 0.05, 0.0,
                    0.001, 100.0, 1e4));
        }
        return new CatalogueVeto(CatalogueVetoParameters.reference()).run(new CatalogueVetoInput(TILE.value(), RA, DEC,
                sky.plateEpoch().decimalYear(), detections, n.get(Catalogue.GAIA), n.get(Catalogue.PS1), null, n.get(Catalogue.USNOB)));
    }

    /** The same bright star: MAST prints 8 decimals of the position, the mirror rounds PS1's 9. */
    private static boolean near(String[] a, String[] b) {
        return Math.abs(Double.parseDouble(a[0]) - Double.parseDouble(b[0])) < 2e-8
                && Math.abs(Double.parseDouble(a[1]) - Double.parseDouble(b[1])) < 2e-8;
    }

    private static List<Integer> numbers(List<Survivor> survivors) {
        return survivors.stream().map(s -> s.detection().number()).sorted().toList();
    }
}
