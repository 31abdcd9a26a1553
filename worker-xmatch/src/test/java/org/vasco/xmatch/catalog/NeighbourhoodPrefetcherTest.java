package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.services.SharedServices;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException.Reason;
import org.vasco.xmatch.mirror.MirrorLocation;
import org.vasco.xmatch.mirror.MirrorSettings;
import org.vasco.xmatch.mirror.ParquetEngine;
import org.vasco.xmatch.mirror.TestMirrors;

/**
 * With mirrors configured, the prefetcher fills the shared cache for tiles whose extract step is queued or running,
 * so their xmatch step finds every neighbourhood cached; tiles past extract are left alone. A broken mirror fails the
 * step permanently, naming the problem, and the prefetcher leaves that neighbourhood alone for a while.
 */
class NeighbourhoodPrefetcherTest {

    private static final double RA = 210.5;
    private static final double DEC = 20.25;
    private static final RandomStarField FIELD = new RandomStarField(11, RA, DEC, 1.6, 6000);

    @TempDir
    static Path dir;
    private static ParquetEngine engine;
    private static MirrorSettings mirrors;
    private final Database db = SharedServices.get().database();

    @BeforeAll
    static void mirrors() throws Exception {
        engine = ParquetEngine.open("256MB");
        mirrors = MirrorSettings.remoteOnly();
        for (Catalogue c : List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB)) {
            Path root = TestMirrors.healpixFive(engine, dir.resolve(c.label()), c, FIELD.cone(c, RA, DEC, 1.6), TestMirrors.Variant.OURS);
            mirrors = mirrors.withMirror(c, MirrorLocation.parse(root.toString()));
        }
        mirrors = mirrors.withMirror(Catalogue.PS1_BRIGHT, mirrors.mirror(Catalogue.PS1).orElseThrow());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private CachedNeighbourhoods neighbourhoods(MirrorSettings settings, SimpleMeterRegistry metrics) {
        NeighbourhoodCache cache = new NeighbourhoodCache(db, new ArtefactStore(dir.resolve("store-" + UUID.randomUUID())),
                Clock.systemUTC(), "prefetch-test", Duration.ofSeconds(30));
        return new CachedNeighbourhoods(cache, CatalogueSources.of(settings, 1, null, null), new NeighbourhoodRadius(60), metrics);
    }

    private TileId tile(String run, double ra, double dec, String extractState) throws SQLException {
        TileId tile = TileId.fromCentre(ra, dec);
        db.inTransaction(c -> {
            exec(c, "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES ('XPF001', 0, 0) ON CONFLICT DO NOTHING");
            exec(c, "INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey) VALUES (?, 'XPF001',"
                    + " (SELECT count(*) FROM tile WHERE plate_id = 'XPF001'), ?, ?, 60, 'poss1_red') ON CONFLICT DO NOTHING",
                    tile.value(), tile.raDeg(), tile.decDeg());
            exec(c, "INSERT INTO run (run_id, steps) VALUES (?, ARRAY['extract', 'xmatch']) ON CONFLICT DO NOTHING", run);
            exec(c, "INSERT INTO run_tile (run_id, tile_id, step, state) VALUES (?, ?, 'extract', ?)", run, tile.value(), extractState);
            exec(c, "DELETE FROM catalog_cache WHERE tile_id = ?", tile.value());
            return null;
        });
        return tile;
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private long ready(TileId tile) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM catalog_cache WHERE tile_id = ? AND state = 'READY'")) {
            ps.setString(1, tile.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void neighbourhoodsOfTilesInTheirExtractStepAreCachedBeforeTheirXmatchStep() throws Exception {
        String run = "pf-" + UUID.randomUUID().toString().substring(0, 8);
        TileId queued = tile(run, 210.513, 20.251, "QUEUED");
        TileId running = tile(run, 210.613, 20.551, "RUNNING");
        TileId done = tile(run, 210.413, 19.951, "DONE");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        CachedNeighbourhoods source = neighbourhoods(mirrors, metrics);
        PrefetchSettings settings = new PrefetchSettings(PrefetchSettings.Mode.AUTO, 2, Duration.ofMillis(100), 50, Duration.ofMinutes(10));
        assertThat(settings.enabled(source.sources().anyMirror())).isTrue();
        try (NeighbourhoodPrefetcher prefetcher = new NeighbourhoodPrefetcher(source, db, settings, metrics, Clock.systemUTC()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ready(queued) == 4 && ready(running) == 4);
        }
        assertThat(ready(done)).as("a tile past its extract step").isZero();
        assertThat(metrics.find(MetricNames.CATALOG_PREFETCH).tag("result", "fetched").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isGreaterThanOrEqualTo(8);

        double missesBefore = lookups(metrics, "miss");
        double hitsBefore = lookups(metrics, "hit");
        for (Catalogue c : Catalogue.values()) {
            assertThat(source.neighbourhood(c, queued, queued.raDeg(), queued.decDeg()).size()).as(c.label()).isPositive();
        }
        assertThat(lookups(metrics, "hit") - hitsBefore).as("the xmatch step's look-ups are all cache hits").isEqualTo(4);
        assertThat(lookups(metrics, "miss") - missesBefore).isZero();
    }

    private static double lookups(SimpleMeterRegistry metrics, String result) {
        return metrics.find(MetricNames.CATALOG_CACHE).tag("result", result).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aBrokenMirrorFailsTheStepNamingItAndIsLeftAloneByThePrefetcher() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        MirrorSettings settings = mirrors.withMirror(Catalogue.GAIA, MirrorLocation.parse(broken.toString()));
        String run = "pf-" + UUID.randomUUID().toString().substring(0, 8);
        TileId tile = tile(run, 210.713, 20.151, "QUEUED");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        CachedNeighbourhoods source = neighbourhoods(settings, metrics);
        NeighbourhoodPrefetcher prefetcher = new NeighbourhoodPrefetcher(source, db,
                new PrefetchSettings(PrefetchSettings.Mode.ON, 1, Duration.ofMillis(50), 50, Duration.ofMinutes(10)), metrics, Clock.systemUTC());
        try (prefetcher) {
            prefetcher.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> ready(tile) == 3);
            double failed = metrics.find(MetricNames.CATALOG_PREFETCH).tag("result", "failed").tag("catalog", "gaia").counter().count();
            assertThat(failed).isEqualTo(1);
        }
        assertThatThrownBy(() -> source.neighbourhood(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg()))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CATALOG_MIRROR_INCOMPLETE);
                    assertThat(e.getMessage()).contains(broken.toString(), "neither the level-5 layout");
                    assertThat(e.toStageException()).isInstanceOf(PermanentStageException.class);
                });
    }
}
