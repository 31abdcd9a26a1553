package org.vasco.xmatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.db.Database;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.CatalogueMisbehaviour;
import org.vasco.testkit.archives.ConeSource;
import org.vasco.testkit.archives.LoopbackMastServer;
import org.vasco.testkit.archives.LoopbackVizierServer;
import org.vasco.testkit.services.SharedServices;
import org.vasco.xmatch.catalog.CatalogueSettings;
import picocli.CommandLine;

class PrefetchCommandTest {

    private static final AtomicInteger RUNS = new AtomicInteger();
    /** One star 1′ north of any cone centre, in every catalogue's columns. */
    private static final ConeSource ONE_STAR = (catalogue, ra, dec, radius) -> {
        String r = Double.toString(ra);
        String d = Double.toString(dec + 1 / 60.0);
        String[] row = switch (catalogue) {
            case GAIA -> new String[] {r, d, "15", "15.5", "14.5", "1", "2", "0.3", ""};
            case PS1 -> new String[] {"123456789012345678", r, d, "5", "15", "15", "15", "15", "15", ""};
            case USNOB -> new String[] {r, d, "15", "15", "16", "16", "14", "0", "0", ""};
            case PS1_BRIGHT -> new String[] {r, d, "12.5"};
        };
        return List.<String[]>of(row);
    };

    private static LoopbackVizierServer vizier;
    private static LoopbackMastServer mast;
    private static Database database;

    @BeforeAll
    static void start() {
        vizier = LoopbackVizierServer.start(ONE_STAR);
        mast = LoopbackMastServer.start(ONE_STAR);
        database = SharedServices.get().database();
    }

    @AfterAll
    static void stop() {
        vizier.close();
        mast.close();
    }

    private static Environment environment(Path data) {
        return SharedServices.get().environment(Map.of(
                CatalogueSettings.VIZIER.url().name(), vizier.baseUrl().toString(),
                CatalogueSettings.MAST.url().name(), mast.baseUrl().toString(),
                CatalogueSettings.VIZIER.backoff().name(), "5ms",
                CatalogueSettings.MAST.backoff().name(), "5ms",
                CatalogueSettings.VIZIER.rate().name(), "1000",
                CatalogueSettings.MAST.rate().name(), "1000",
                ClusterSettings.DATA.name(), data.toString()));
    }

    /** A run with two tiles, one of them south of −30° (no PS1 there). */
    private static String runWithTwoTiles() throws Exception {
        String run = "prefetch-" + RUNS.incrementAndGet() + "-" + System.nanoTime() % 100000;
        double ra = SkyGeometry.normaliseRa(100 + (System.nanoTime() % 20000) / 100.0);
        List<TileId> tiles = List.of(TileId.fromCentre(ra, 10.0), TileId.fromCentre(ra, -40.0));
        database.inTransaction(c -> {
            try (PreparedStatement r = c.prepareStatement("INSERT INTO run (run_id, steps) VALUES (?, ARRAY['xmatch'])")) {
                r.setString(1, run);
                r.executeUpdate();
            }
            for (TileId tile : tiles) {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    p.setString(1, "XP" + tile.value().hashCode());
                    p.setDouble(2, tile.raDeg());
                    p.setDouble(3, tile.decDeg());
                    p.executeUpdate();
                }
                try (PreparedStatement t = c.prepareStatement("""
                        INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey)
                        VALUES (?, ?, 0, ?, ?, 60, 'POSS1-E') ON CONFLICT DO NOTHING""")) {
                    t.setString(1, tile.value());
                    t.setString(2, "XP" + tile.value().hashCode());
                    t.setDouble(3, tile.raDeg());
                    t.setDouble(4, tile.decDeg());
                    t.executeUpdate();
                }
                try (PreparedStatement rt = c.prepareStatement(
                        "INSERT INTO run_tile (run_id, tile_id, step, state) VALUES (?, ?, 'xmatch', 'QUEUED')")) {
                    rt.setString(1, run);
                    rt.setString(2, tile.value());
                    rt.executeUpdate();
                }
            }
            return null;
        });
        return run;
    }

    private static Result prefetch(Environment env, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new PrefetchCommand(() -> env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        return new Result(code, out.toString());
    }

    private record Result(int code, String output) {
    }

    @Test
    void warmsEveryCatalogueOfARunThenFindsThemCached() throws Exception {
        String run = runWithTwoTiles();
        Environment env = environment(SharedServices.get().newDirectory("prefetch"));
        int vizierBefore = vizier.requestCount();
        int mastBefore = mast.requestCount();

        Result first = prefetch(env, "--run", run);

        assertThat(first.code()).as(first.output()).isZero();
        assertThat(first.output()).contains("2 tiles x 4 catalogue(s): 8 fetched, 0 already cached, 0 failed");
        // Gaia and USNO-B for both tiles, PS1 only for the northern one; one bright-star page for the northern one.
        assertThat(vizier.requestCount() - vizierBefore).isEqualTo(5);
        assertThat(mast.requestCount() - mastBefore).isEqualTo(1);

        Result second = prefetch(env, "--run", run, "--catalog", "gaia,ps1bright");
        assertThat(second.code()).isZero();
        assertThat(second.output()).contains("2 tiles x 2 catalogue(s): 0 fetched, 4 already cached, 0 failed");
        assertThat(vizier.requestCount() - vizierBefore).isEqualTo(5);
    }

    @Test
    void reportsFailuresAndExitsNonZero() throws Exception {
        String run = runWithTwoTiles();
        Environment env = environment(SharedServices.get().newDirectory("prefetch"));
        vizier.misbehaveAlways(CatalogueMisbehaviour.HTTP_500);
        try {
            Result result = prefetch(env, "--run", run, "--catalog", "usnob");
            assertThat(result.code()).isEqualTo(1);
            assertThat(result.output()).contains("0 fetched, 0 already cached, 2 failed").contains("CATALOG_UNREACHABLE");
        } finally {
            vizier.misbehave(CatalogueMisbehaviour.NONE, 0);
        }
    }

    @Test
    void anUnknownCatalogueIsAUsageError() {
        Result result = prefetch(environment(Path.of("/nonexistent")), "--run", "r1", "--catalog", "sdss");
        assertThat(result.code()).isNotZero();
        assertThat(result.output()).contains("Unknown catalogue 'sdss'");
        assertThat(Catalogue.fromLabel("ps1bright")).isEqualTo(Catalogue.PS1_BRIGHT);
    }
}
