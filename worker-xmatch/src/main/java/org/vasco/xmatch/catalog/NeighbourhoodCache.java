package org.vasco.xmatch.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.db.Database;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException.Reason;

/**
 * The shared neighbourhood cache: files {@code catalogs/<catalog>/<tile_id>.csv.gz} on the artefact
 * storage ({@link NeighbourhoodCsv} format) and one {@code catalog_cache} row per (catalog, tile) with
 * state, row count, radius, completeness, whether the cone was split, and when it was fetched.
 *
 * <p>Exactly one fetch per neighbourhood, however many workers need it at once, through a claim on the row: the
 * fetching worker marks it FETCHING with a claim token of its own and a lease ({@code claim_until}, on the database's
 * clock), renewed every third of {@link #CLAIM_LEASE} while the fetch runs. Whether to read, wait or fetch is decided in
 * a short transaction under a transaction-scoped advisory lock on (catalog, tile), released at commit: no lock and no
 * connection is held while a fetch runs, so the cache works behind PgBouncer in transaction mode. Another worker
 * needing the same neighbourhood finds the live claim and looks again, after 100 ms doubling to 2 s, for at most
 * {@code claimWait}, until the row is READY (it reads the file) or no longer claimed (a failed fetch: it fetches
 * itself). A fetcher that dies stops renewing: its claim lapses within {@link #CLAIM_LEASE} and the next worker
 * fetches. A fetcher that lost its claim (stalled longer than the lease) still returns what it fetched, but its
 * bookkeeping no longer touches the row. A row is READY only with {@code complete = true} and a file that reads back
 * with the recorded row count; a failed fetch leaves the row FAILED and no file is ever trusted from it.
 *
 * <p>Thread-safe. The renewals run on one daemon thread shared by the caches of the JVM.
 */
public final class NeighbourhoodCache {

    /** How long a claim lasts without renewal: how long a dead fetcher holds the others up at most. */
    public static final Duration CLAIM_LEASE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(NeighbourhoodCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCK_NAMESPACE = "vasco.catalog_cache/";
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    /** State of a cache row. */
    public enum State { FETCHING, READY, FAILED }

    /**
     * One {@code catalog_cache} row.
     *
     * @param details JSON text: the {@link FetchReport} of a READY row, the failure of a FAILED one
     */
    public record Entry(Catalogue catalogue, TileId tile, State state, String path, Integer rowCount, Double radiusArcmin,
                        boolean complete, boolean split, String claimedBy, Instant fetchedAt, String details) {

        public boolean isUsable() {
            return state == State.READY && complete;
        }
    }

    /** Produces a complete neighbourhood or throws. */
    @FunctionalInterface
    public interface Fetch {
        FetchedNeighbourhood fetch() throws NeighbourhoodUnavailableException, InterruptedException;
    }

    /** What the deciding transaction found: a READY row, another worker's live claim, or a claim of our own. */
    private record Decision(State found, String holder) {
    }

    private final Database database;
    private final ArtefactStore store;
    private final String workerId;
    private final Duration claimWait;
    private final Duration lease;
    private final AtomicInteger waiting = new AtomicInteger();

    public NeighbourhoodCache(Database database, ArtefactStore store, String workerId, Duration claimWait) {
        this(database, store, workerId, claimWait, CLAIM_LEASE);
    }

    /** As above with another lease (tests that let a claim lapse). */
    NeighbourhoodCache(Database database, ArtefactStore store, String workerId, Duration claimWait, Duration lease) {
        this.database = database;
        this.store = store;
        this.workerId = workerId;
        this.claimWait = claimWait;
        this.lease = lease;
    }

    /** The renewals' thread, started on first use. */
    private static final class Renewals {
        static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalog-claim-renewal");
            t.setDaemon(true);
            return t;
        });
    }

    /** The file a neighbourhood lives in. */
    public Path file(Catalogue catalogue, TileId tile) {
        return store.catalogNeighbourhood(catalogue.label(), tile);
    }

    /** The cache row, if any. */
    public Optional<Entry> entry(Catalogue catalogue, TileId tile) throws NeighbourhoodUnavailableException {
        try (Connection c = database.connection()) {
            return entry(c, catalogue, tile);
        } catch (SQLException e) {
            throw unavailable(catalogue, tile, "could not read its catalog_cache row: " + e.getMessage(), e);
        }
    }

    /** The neighbourhood when a READY, complete row and an intact file exist; empty otherwise. */
    public Optional<CatalogueNeighbourhood> cached(Catalogue catalogue, TileId tile, double raDeg, double decDeg)
            throws NeighbourhoodUnavailableException {
        try (Connection c = database.connection()) {
            return cached(c, catalogue, tile, raDeg, decDeg);
        } catch (SQLException e) {
            throw unavailable(catalogue, tile, "could not read its catalog_cache row: " + e.getMessage(), e);
        }
    }

    /**
     * The cached neighbourhood, or the one {@code fetch} produces, stored before it is returned. Only one
     * caller in the whole cluster runs {@code fetch} for a given (catalogue, tile) at a time; the others
     * wait and then read what it stored.
     *
     * @throws NeighbourhoodUnavailableException when {@code fetch} fails (the row becomes FAILED), the
     *                                           storage or database fails, or the wait for another worker's
     *                                           fetch exceeds the claim wait
     */
    public CatalogueNeighbourhood getOrFetch(Catalogue catalogue, TileId tile, double raDeg, double decDeg, Fetch fetch)
            throws NeighbourhoodUnavailableException, InterruptedException {
        Optional<CatalogueNeighbourhood> ready = cached(catalogue, tile, raDeg, decDeg);
        if (ready.isPresent()) {
            return ready.get();
        }
        // A READY row whose file did not read back is not to be trusted: fetch again.
        boolean distrustReady = entry(catalogue, tile).map(Entry::isUsable).orElse(false);
        String token = workerId + "#" + UUID.randomUUID().toString().substring(0, 8);
        long deadline = System.nanoTime() + claimWait.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            Decision d = decide(catalogue, tile, token, distrustReady);
            if (d.found() == State.READY) {
                ready = cached(catalogue, tile, raDeg, decDeg);
                if (ready.isPresent()) {
                    return ready.get();
                }
                distrustReady = true;
            } else if (d.found() == State.FETCHING && d.holder() == null) {
                return fetchAndStore(catalogue, tile, token, fetch);
            } else {
                if (System.nanoTime() - deadline > 0) {
                    throw unavailable(catalogue, tile, d.holder() + " has been fetching it for longer than the claim wait "
                            + claimWait + " (VASCO_CATALOG_CLAIM_WAIT)", null);
                }
                waiting.incrementAndGet();
                try {
                    Thread.sleep(pause.toMillis());
                } finally {
                    waiting.decrementAndGet();
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** Callers of this cache now waiting for another worker's fetch. */
    int waiting() {
        return waiting.get();
    }

    /**
     * Decides, under a transaction-scoped advisory lock on (catalog, tile), whether the row is READY, claimed live by
     * another worker (its holder), or now claimed by {@code token} (FETCHING with no holder).
     */
    private Decision decide(Catalogue catalogue, TileId tile, String token, boolean distrustReady)
            throws NeighbourhoodUnavailableException {
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
                    s.setString(1, LOCK_NAMESPACE + catalogue.label());
                    s.setString(2, tile.value());
                    s.execute();
                }
                try (PreparedStatement s = c.prepareStatement("SELECT state, complete, claimed_by, claim_until > now()"
                        + " FROM catalog_cache WHERE catalog = ? AND tile_id = ?")) {
                    s.setString(1, catalogue.label());
                    s.setString(2, tile.value());
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            State state = State.valueOf(rs.getString(1));
                            if (state == State.READY && rs.getBoolean(2) && !distrustReady && Files.isRegularFile(file(catalogue, tile))) {
                                return new Decision(State.READY, null);
                            }
                            if (state == State.FETCHING && rs.getBoolean(4)) {
                                return new Decision(State.FETCHING, rs.getString(3));
                            }
                        }
                    }
                }
                claim(c, catalogue, tile, token);
                return new Decision(State.FETCHING, null);
            });
        } catch (SQLException e) {
            throw unavailable(catalogue, tile, "catalog_cache bookkeeping failed: " + e.getMessage(), e);
        }
    }

    /** Runs the fetch under our claim, renewing it meanwhile, and stores what it produced. */
    private CatalogueNeighbourhood fetchAndStore(Catalogue catalogue, TileId tile, String token, Fetch fetch)
            throws NeighbourhoodUnavailableException, InterruptedException {
        long every = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal = Renewals.EXECUTOR.scheduleAtFixedRate(() -> renew(catalogue, tile, token), every, every,
                TimeUnit.MILLISECONDS);
        try {
            FetchedNeighbourhood fetched;
            try {
                fetched = fetch.fetch();
            } catch (NeighbourhoodUnavailableException e) {
                markFailed(catalogue, tile, token, e.reason().name(), e.getMessage(), e);
                throw e;
            } catch (InterruptedException | RuntimeException e) {
                markFailed(catalogue, tile, token, "INTERRUPTED_OR_BROKEN", String.valueOf(e), e);
                throw e;
            }
            Path file = file(catalogue, tile);
            try {
                store.writeAtomically(file, out -> NeighbourhoodCsv.write(catalogue, fetched.neighbourhood().rows(), out));
            } catch (IOException e) {
                NeighbourhoodUnavailableException failure = unavailable(catalogue, tile,
                        "could not write " + file + ": " + e.getMessage(), e);
                markFailed(catalogue, tile, token, failure.reason().name(), failure.getMessage(), failure);
                throw failure;
            }
            markReady(catalogue, tile, token, file, fetched);
            return fetched.neighbourhood();
        } finally {
            renewal.cancel(false);
        }
    }

    /** Extends our claim; a claim found lost is only logged (the fetch goes on, its bookkeeping is fenced). */
    private void renew(Catalogue catalogue, TileId tile, String token) {
        try {
            int renewed = database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE catalog_cache SET claim_until = now() + ?::interval"
                        + " WHERE catalog = ? AND tile_id = ? AND state = 'FETCHING' AND claimed_by = ?")) {
                    s.setString(1, lease.toMillis() + " milliseconds");
                    s.setString(2, catalogue.label());
                    s.setString(3, tile.value());
                    s.setString(4, token);
                    return s.executeUpdate();
                }
            });
            if (renewed == 0) {
                LOG.warn("The claim {} on the {} neighbourhood of {} was lost (held up longer than {}); another worker may"
                        + " fetch it too", token, catalogue.label(), tile, lease);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not renew the claim {} on the {} neighbourhood of {}: {}", token, catalogue.label(), tile, e.toString());
        }
    }

    private void claim(Connection c, Catalogue catalogue, TileId tile, String token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO catalog_cache (catalog, tile_id, state, complete, claimed_by, claim_until)
                VALUES (?, ?, 'FETCHING', false, ?, now() + ?::interval)
                ON CONFLICT (catalog, tile_id) DO UPDATE
                   SET state = 'FETCHING', complete = false, claimed_by = EXCLUDED.claimed_by,
                       claim_until = EXCLUDED.claim_until""")) {
            s.setString(1, catalogue.label());
            s.setString(2, tile.value());
            s.setString(3, token);
            s.setString(4, lease.toMillis() + " milliseconds");
            s.executeUpdate();
        }
    }

    private void markReady(Catalogue catalogue, TileId tile, String token, Path file, FetchedNeighbourhood fetched)
            throws NeighbourhoodUnavailableException {
        FetchReport report = fetched.report();
        int updated;
        try {
            updated = database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("""
                        UPDATE catalog_cache
                           SET state = 'READY', path = ?, row_count = ?, radius_arcmin = ?, complete = true, split = ?,
                               claimed_by = NULL, claim_until = NULL, fetched_at = now(), details = ?::jsonb
                         WHERE catalog = ? AND tile_id = ? AND state = 'FETCHING' AND claimed_by = ?""")) {
                    s.setString(1, store.root().relativize(file.toAbsolutePath().normalize()).toString());
                    s.setInt(2, fetched.neighbourhood().size());
                    s.setDouble(3, fetched.neighbourhood().radiusArcmin());
                    s.setBoolean(4, report.split());
                    s.setString(5, json(reportDetails(report, fetched.neighbourhood())));
                    s.setString(6, catalogue.label());
                    s.setString(7, tile.value());
                    s.setString(8, token);
                    return s.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw unavailable(catalogue, tile, "catalog_cache bookkeeping failed: " + e.getMessage(), e);
        }
        if (updated == 0) {
            LOG.warn("Fetched the {} neighbourhood of {} after losing the claim {}: another worker's fetch keeps the row",
                    catalogue.label(), tile, token);
            return;
        }
        LOG.info("Cached {} neighbourhood of {}: {} rows, {} request(s){}", catalogue.label(), tile,
                fetched.neighbourhood().size(), report.requests(), report.split() ? ", split " + report.splitDepth() + " level(s)" : "");
    }

    private void markFailed(Catalogue catalogue, TileId tile, String token, String reason, String message, Exception cause) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("message", message);
        details.put("worker", workerId);
        try {
            database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("""
                        UPDATE catalog_cache
                           SET state = 'FAILED', complete = false, claimed_by = NULL, claim_until = NULL, details = ?::jsonb
                         WHERE catalog = ? AND tile_id = ? AND state = 'FETCHING' AND claimed_by = ?""")) {
                    s.setString(1, json(details));
                    s.setString(2, catalogue.label());
                    s.setString(3, tile.value());
                    s.setString(4, token);
                    return s.executeUpdate();
                }
            });
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private Optional<CatalogueNeighbourhood> cached(Connection c, Catalogue catalogue, TileId tile, double raDeg, double decDeg)
            throws SQLException {
        Optional<Entry> entry = entry(c, catalogue, tile);
        if (entry.isEmpty() || !entry.get().isUsable()) {
            return Optional.empty();
        }
        Path file = file(catalogue, tile);
        if (!Files.isRegularFile(file)) {
            LOG.warn("catalog_cache says {} of {} is READY but {} is missing: fetching again", catalogue.label(), tile, file);
            return Optional.empty();
        }
        try {
            List<String[]> rows = NeighbourhoodCsv.read(catalogue, file);
            Integer expected = entry.get().rowCount();
            if (expected == null || expected != rows.size()) {
                LOG.warn("{} has {} rows but catalog_cache recorded {}: fetching again", file, rows.size(), expected);
                return Optional.empty();
            }
            double radius = entry.get().radiusArcmin() == null ? Double.NaN : entry.get().radiusArcmin();
            return Optional.of(new CatalogueNeighbourhood(catalogue, raDeg, decDeg, radius, rows));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Cached neighbourhood {} is unreadable ({}): fetching again", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Entry> entry(Connection c, Catalogue catalogue, TileId tile) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT state, path, row_count, radius_arcmin, complete, split, claimed_by, fetched_at, details::text
                  FROM catalog_cache WHERE catalog = ? AND tile_id = ?""")) {
            s.setString(1, catalogue.label());
            s.setString(2, tile.value());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp fetchedAt = rs.getTimestamp(8);
                return Optional.of(new Entry(catalogue, tile, State.valueOf(rs.getString(1)), rs.getString(2),
                        (Integer) rs.getObject(3), (Double) rs.getObject(4), rs.getBoolean(5), rs.getBoolean(6),
                        rs.getString(7), fetchedAt == null ? null : fetchedAt.toInstant(), rs.getString(9)));
            }
        }
    }

    private static Map<String, Object> reportDetails(FetchReport report, CatalogueNeighbourhood neighbourhood) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("centre_ra_deg", neighbourhood.centreRaDeg());
        details.put("centre_dec_deg", neighbourhood.centreDecDeg());
        details.put("requests", report.requests());
        details.put("rows_received", report.rowsReceived());
        details.put("rows_unparsed", report.rowsUnparsed());
        details.put("split_depth", report.splitDepth());
        details.put("pages", report.pages());
        details.put("outside_coverage", report.outsideCoverage());
        details.put("source", report.source());
        return details;
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise cache details " + value, e);
        }
    }

    private static NeighbourhoodUnavailableException unavailable(Catalogue catalogue, TileId tile, String message, Exception cause) {
        return new NeighbourhoodUnavailableException(catalogue, tile, Reason.CATALOG_CACHE_UNAVAILABLE, message, cause);
    }
}
