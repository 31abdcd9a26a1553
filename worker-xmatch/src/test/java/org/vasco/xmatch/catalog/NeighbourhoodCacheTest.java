package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.db.Database;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.CatalogueMisbehaviour;
import org.vasco.testkit.archives.ConeSource;
import org.vasco.testkit.archives.LoopbackMastServer;
import org.vasco.testkit.archives.LoopbackVizierServer;
import org.vasco.testkit.services.SharedServices;
import org.vasco.xmatch.catalog.NeighbourhoodCache.Entry;
import org.vasco.xmatch.catalog.NeighbourhoodCache.State;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException.Reason;

class NeighbourhoodCacheTest {

    /** Stars everywhere the tests look: a field per tile is generated on demand around the cone centre. */
    private static final ConeSource SKY = (catalogue, ra, dec, radius) ->
            new RandomStarField(Double.hashCode(ra * 7 + dec), ra, dec, radius, 120).cone(catalogue, ra, dec, radius);

    private static LoopbackVizierServer vizier;
    private static LoopbackMastServer mast;
    private static Database database;
    private static ArtefactStore store;

    @BeforeAll
    static void start() {
        vizier = LoopbackVizierServer.start(SKY);
        mast = LoopbackMastServer.start(SKY);
        database = SharedServices.get().database();
        store = new ArtefactStore(SharedServices.get().newDirectory("catalog-cache"));
    }

    @AfterAll
    static void stop() {
        vizier.close();
        mast.close();
    }

    @AfterEach
    void behave() {
        vizier.misbehave(CatalogueMisbehaviour.NONE, 0);
    }

    private static CachedNeighbourhoods source(String worker) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        VizierConeClient v = new VizierConeClient(new ArchiveClient(
                RandomStarField.service("vizier", vizier.baseUrl(), Duration.ofSeconds(5)), metrics, "test"), 100_000, 2, 1);
        MastBrightStarClient m = new MastBrightStarClient(new ArchiveClient(
                RandomStarField.service("mast", mast.baseUrl(), Duration.ofSeconds(5)), metrics, "test"), 50, 10, 1);
        NeighbourhoodCache cache = new NeighbourhoodCache(database, store, worker, Duration.ofSeconds(30));
        return new CachedNeighbourhoods(cache, v, m, new NeighbourhoodRadius(60));
    }

    @Test
    void theSecondRequestReadsTheCachedFile() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, 20.0);
        CachedNeighbourhoods source = source("w1");
        int before = vizier.requestCount();

        CatalogueNeighbourhood first = source.neighbourhood(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg());
        assertThat(vizier.requestCount() - before).isEqualTo(1);
        CatalogueNeighbourhood second = source("w2").neighbourhood(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg());

        assertThat(vizier.requestCount() - before).as("no second request").isEqualTo(1);
        assertThat(second.rows()).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(first.rows());
        assertThat(second.radiusArcmin()).isEqualTo(new NeighbourhoodRadius(60).arcmin(Catalogue.GAIA));
        Path file = store.catalogNeighbourhood("gaia", tile);
        assertThat(file).exists();
        Entry entry = source.cache().entry(Catalogue.GAIA, tile).orElseThrow();
        assertThat(entry.state()).isEqualTo(State.READY);
        assertThat(entry.complete()).isTrue();
        assertThat(entry.split()).isFalse();
        assertThat(entry.rowCount()).isEqualTo(first.size()).isPositive();
        assertThat(entry.fetchedAt()).isNotNull();
        assertThat(entry.path()).isEqualTo("catalogs/gaia/" + tile.value() + ".csv.gz");
        assertThat(entry.details()).as("where the rows came from, for a run bundle's provenance").contains("\"source\": \"VizieR\"");
    }

    @Test
    void twoWorkersRacingForOneNeighbourhoodFetchItOnce() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, 21.0);
        CachedNeighbourhoods a = source("worker-a");
        CachedNeighbourhoods b = source("worker-b");
        AtomicInteger fetches = new AtomicInteger();
        VizierConeClient client = new VizierConeClient(new ArchiveClient(
                RandomStarField.service("vizier", vizier.baseUrl(), Duration.ofSeconds(5)), new SimpleMeterRegistry(), "t"), 100_000, 2, 1);
        // The fetch itself holds on until the other worker is provably waiting for the claim. Meanwhile no advisory
        // lock is held (the claim is a row with a lease): nothing ties the fetch to one database session, as
        // PgBouncer's transaction pooling requires.
        AtomicInteger advisoryLocksDuringFetch = new AtomicInteger(-1);
        NeighbourhoodCache.Fetch slowFetch = () -> {
            fetches.incrementAndGet();
            await().atMost(Duration.ofSeconds(20)).until(() -> a.cache().waiting() + b.cache().waiting() > 0);
            try {
                advisoryLocksDuringFetch.set(advisoryLocks());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return client.fetch(Catalogue.USNOB, tile, tile.raDeg(), tile.decDeg(), 45.43);
        };
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<CatalogueNeighbourhood> first = () -> {
                go.await();
                return a.cache().getOrFetch(Catalogue.USNOB, tile, tile.raDeg(), tile.decDeg(), slowFetch);
            };
            Callable<CatalogueNeighbourhood> second = () -> {
                go.await();
                return b.cache().getOrFetch(Catalogue.USNOB, tile, tile.raDeg(), tile.decDeg(), slowFetch);
            };
            int before = vizier.requestCount();
            Future<CatalogueNeighbourhood> fa = pool.submit(first);
            Future<CatalogueNeighbourhood> fb = pool.submit(second);
            go.countDown();
            CatalogueNeighbourhood na = fa.get();
            CatalogueNeighbourhood nb = fb.get();

            assertThat(fetches).hasValue(1);
            assertThat(vizier.requestCount() - before).isEqualTo(1);
            assertThat(na.size()).isEqualTo(nb.size()).isPositive();
            assertThat(advisoryLocksDuringFetch).as("advisory locks held while the fetch ran").hasValue(0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoThreadsThroughTheFullSourceCauseOneRequest() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, 22.0);
        CachedNeighbourhoods a = source("worker-a");
        CachedNeighbourhoods b = source("worker-b");
        int before = vizier.requestCount();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<CatalogueNeighbourhood>> results = pool.invokeAll(List.of(
                    () -> a.neighbourhood(Catalogue.PS1, tile, tile.raDeg(), tile.decDeg()),
                    () -> b.neighbourhood(Catalogue.PS1, tile, tile.raDeg(), tile.decDeg())));
            assertThat(results.get(0).get().size()).isEqualTo(results.get(1).get().size()).isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertThat(vizier.requestCount() - before).isEqualTo(1);
    }

    @Test
    void aFailedFetchIsRecordedAndNeverServedThenRetried() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, 23.0);
        CachedNeighbourhoods source = source("w1");
        vizier.misbehaveAlways(CatalogueMisbehaviour.GARBAGE);

        assertThatThrownBy(() -> source.neighbourhood(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg()))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CATALOG_GARBLED));
        Entry failed = source.cache().entry(Catalogue.GAIA, tile).orElseThrow();
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.complete()).isFalse();
        assertThat(failed.details()).contains("CATALOG_GARBLED");
        assertThat(store.catalogNeighbourhood("gaia", tile)).doesNotExist();
        assertThat(source.cache().cached(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg())).isEmpty();

        vizier.misbehave(CatalogueMisbehaviour.NONE, 0);
        CatalogueNeighbourhood n = source.neighbourhood(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg());
        assertThat(n.size()).isPositive();
        assertThat(source.cache().entry(Catalogue.GAIA, tile).orElseThrow().state()).isEqualTo(State.READY);
    }

    @Test
    void ps1SouthOfMinus30IsLegitimatelyEmptyWithoutAnyRequest() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, -45.5);
        CachedNeighbourhoods source = source("w1");
        int vizierBefore = vizier.requestCount();
        int mastBefore = mast.requestCount();

        CatalogueNeighbourhood ps1 = source.neighbourhood(Catalogue.PS1, tile, tile.raDeg(), tile.decDeg());
        CatalogueNeighbourhood bright = source.neighbourhood(Catalogue.PS1_BRIGHT, tile, tile.raDeg(), tile.decDeg());

        assertThat(ps1.rows()).isEmpty();
        assertThat(bright.rows()).isEmpty();
        assertThat(vizier.requestCount()).isEqualTo(vizierBefore);
        assertThat(mast.requestCount()).isEqualTo(mastBefore);
        Entry entry = source.cache().entry(Catalogue.PS1, tile).orElseThrow();
        assertThat(entry.isUsable()).isTrue();
        assertThat(entry.rowCount()).isZero();
        assertThat(entry.details()).contains("\"outside_coverage\": true");
        // Gaia south of -30 is still asked for.
        source.neighbourhood(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg());
        assertThat(vizier.requestCount()).isEqualTo(vizierBefore + 1);
    }

    @Test
    void theBrightStarListIsCachedToo() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, 24.0);
        CachedNeighbourhoods source = source("w1");
        int before = mast.requestCount();
        CatalogueNeighbourhood first = source.neighbourhood(Catalogue.PS1_BRIGHT, tile, tile.raDeg(), tile.decDeg());
        int requests = mast.requestCount() - before;
        CatalogueNeighbourhood second = source.neighbourhood(Catalogue.PS1_BRIGHT, tile, tile.raDeg(), tile.decDeg());
        assertThat(requests).isEqualTo(3);
        assertThat(mast.requestCount() - before).isEqualTo(requests);
        assertThat(second.size()).isEqualTo(first.size());
        assertThat(java.util.Arrays.stream(second.doubles("rmag")).max().orElseThrow()).isLessThanOrEqualTo(16.0);
    }

    @Test
    void aDamagedCacheFileIsFetchedAgain() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, 25.0);
        CachedNeighbourhoods source = source("w1");
        source.neighbourhood(Catalogue.USNOB, tile, tile.raDeg(), tile.decDeg());
        Files.write(store.catalogNeighbourhood("usnob", tile), new byte[] {1, 2, 3});
        int before = vizier.requestCount();

        CatalogueNeighbourhood again = source.neighbourhood(Catalogue.USNOB, tile, tile.raDeg(), tile.decDeg());

        assertThat(vizier.requestCount() - before).isEqualTo(1);
        assertThat(again.size()).isPositive();
    }

    @Test
    void aClaimWhoseFetcherDiedLapsesAndTheNextWorkerFetchesAtOnce() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, 26.0);
        claimedBy("dead-worker#1", tile, false);
        int before = vizier.requestCount();

        CatalogueNeighbourhood n = source("w1").neighbourhood(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg());

        assertThat(n.size()).isPositive();
        assertThat(vizier.requestCount() - before).isEqualTo(1);
        assertThat(source("w1").cache().entry(Catalogue.GAIA, tile).orElseThrow().state()).isEqualTo(State.READY);
    }

    @Test
    void aWorkerWaitingLongerThanTheClaimWaitForALiveClaimGivesUpNamingTheHolder() throws Exception {
        TileId tile = CatalogueTestTiles.insert(database, 27.0);
        claimedBy("stuck-worker#1", tile, true);
        NeighbourhoodCache impatient = new NeighbourhoodCache(database, store, "w1", Duration.ofSeconds(1));
        int before = vizier.requestCount();

        assertThatThrownBy(() -> impatient.getOrFetch(Catalogue.GAIA, tile, tile.raDeg(), tile.decDeg(),
                () -> { throw new AssertionError("must not fetch while another worker's claim is live"); }))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CATALOG_CACHE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("stuck-worker#1 has been fetching it for longer than the claim wait");
                });
        assertThat(vizier.requestCount()).isEqualTo(before);
    }

    /** A FETCHING row claimed by {@code holder}, whose claim runs another hour ({@code live}) or ran out a second ago. */
    private static void claimedBy(String holder, TileId tile, boolean live) throws Exception {
        try (Connection c = database.connection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "INSERT INTO catalog_cache (catalog, tile_id, state, complete, claimed_by, claim_until) VALUES ('gaia', ?,"
                        + " 'FETCHING', false, ?, CASE WHEN ? THEN now() + interval '1 hour' ELSE now() - interval '1 second' END)")) {
            ps.setString(1, tile.value());
            ps.setString(2, holder);
            ps.setBoolean(3, live);
            ps.executeUpdate();
        }
    }

    /**
     * Advisory locks held by sessions outside any transaction: what a session-level lock looks like between statements.
     * The cache's own transaction-scoped lock, taken for a moment by the waiting worker's checks, is not one of them.
     */
    private static int advisoryLocks() throws java.sql.SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                     + " WHERE l.locktype = 'advisory' AND a.state = 'idle'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
