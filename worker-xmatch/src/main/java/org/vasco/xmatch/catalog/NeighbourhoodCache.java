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
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Exactly one fetch per neighbourhood, however many workers need it at once: the fetching worker
 * holds a PostgreSQL session advisory lock on (catalog, tile) for the duration of the fetch, and
 * marks the row FETCHING with its id and claim deadline. Another worker needing the same neighbourhood
 * blocks on the lock (at most {@code claimWait}, enforced by the database's {@code lock_timeout}, no
 * polling), then finds the row READY and reads the file. If the fetcher dies, its session ends and the
 * lock is released, so the next worker fetches. A row is READY only with {@code complete = true} and a
 * file that reads back with the recorded row count; a failed fetch leaves the row FAILED and no file is
 * ever trusted from it.
 *
 * <p>Thread-safe. Each fetch in progress, and each caller waiting for one, holds one pooled connection:
 * size the pool above the number of concurrent tile steps.
 */
public final class NeighbourhoodCache {

    private static final Logger LOG = LoggerFactory.getLogger(NeighbourhoodCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCK_NAMESPACE = "vasco.catalog_cache/";
    private static final String LOCK_NOT_AVAILABLE = "55P03";

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

    private final Database database;
    private final ArtefactStore store;
    private final Clock clock;
    private final String workerId;
    private final Duration claimWait;

    public NeighbourhoodCache(Database database, ArtefactStore store, Clock clock, String workerId, Duration claimWait) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.workerId = workerId;
        this.claimWait = claimWait;
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
        try (Connection c = database.connection()) {
            lock(c, catalogue, tile);
            try {
                ready = cached(c, catalogue, tile, raDeg, decDeg);
                if (ready.isPresent()) {
                    return ready.get();
                }
                claim(c, catalogue, tile);
                FetchedNeighbourhood fetched;
                try {
                    fetched = fetch.fetch();
                } catch (NeighbourhoodUnavailableException e) {
                    markFailed(c, catalogue, tile, e.reason().name(), e.getMessage(), e);
                    throw e;
                } catch (InterruptedException | RuntimeException e) {
                    markFailed(c, catalogue, tile, "INTERRUPTED_OR_BROKEN", String.valueOf(e), e);
                    throw e;
                }
                Path file = file(catalogue, tile);
                try {
                    store.writeAtomically(file, out -> NeighbourhoodCsv.write(catalogue, fetched.neighbourhood().rows(), out));
                } catch (IOException e) {
                    NeighbourhoodUnavailableException failure = unavailable(catalogue, tile,
                            "could not write " + file + ": " + e.getMessage(), e);
                    markFailed(c, catalogue, tile, failure.reason().name(), failure.getMessage(), failure);
                    throw failure;
                }
                markReady(c, catalogue, tile, file, fetched);
                return fetched.neighbourhood();
            } finally {
                unlock(c, catalogue, tile);
            }
        } catch (SQLException e) {
            throw unavailable(catalogue, tile, "catalog_cache bookkeeping failed: " + e.getMessage(), e);
        }
    }

    private void lock(Connection c, Catalogue catalogue, TileId tile) throws SQLException, NeighbourhoodUnavailableException {
        try (PreparedStatement timeout = c.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            timeout.setString(1, Long.toString(Math.max(1, claimWait.toMillis())));
            timeout.execute();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(hashtext(?), hashtext(?))")) {
            s.setString(1, LOCK_NAMESPACE + catalogue.label());
            s.setString(2, tile.value());
            s.execute();
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                String holder = entry(c, catalogue, tile).map(Entry::claimedBy).orElse("another worker");
                throw unavailable(catalogue, tile, holder + " has been fetching it for longer than the claim wait "
                        + claimWait + " (VASCO_CATALOG_CLAIM_WAIT)", e);
            }
            throw e;
        } finally {
            try (Statement reset = c.createStatement()) {
                reset.execute("RESET lock_timeout");
            }
        }
    }

    private static void unlock(Connection c, Catalogue catalogue, TileId tile) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(hashtext(?), hashtext(?))")) {
            s.setString(1, LOCK_NAMESPACE + catalogue.label());
            s.setString(2, tile.value());
            s.execute();
        }
    }

    private void claim(Connection c, Catalogue catalogue, TileId tile) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO catalog_cache (catalog, tile_id, state, complete, claimed_by, claim_until)
                VALUES (?, ?, 'FETCHING', false, ?, ?)
                ON CONFLICT (catalog, tile_id) DO UPDATE
                   SET state = 'FETCHING', complete = false, claimed_by = EXCLUDED.claimed_by,
                       claim_until = EXCLUDED.claim_until""")) {
            s.setString(1, catalogue.label());
            s.setString(2, tile.value());
            s.setString(3, workerId);
            s.setTimestamp(4, Timestamp.from(clock.instant().plus(claimWait)));
            s.executeUpdate();
        }
    }

    private void markReady(Connection c, Catalogue catalogue, TileId tile, Path file, FetchedNeighbourhood fetched) throws SQLException {
        FetchReport report = fetched.report();
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE catalog_cache
                   SET state = 'READY', path = ?, row_count = ?, radius_arcmin = ?, complete = true, split = ?,
                       claimed_by = NULL, claim_until = NULL, fetched_at = ?, details = ?::jsonb
                 WHERE catalog = ? AND tile_id = ?""")) {
            s.setString(1, store.root().relativize(file.toAbsolutePath().normalize()).toString());
            s.setInt(2, fetched.neighbourhood().size());
            s.setDouble(3, fetched.neighbourhood().radiusArcmin());
            s.setBoolean(4, report.split());
            s.setTimestamp(5, Timestamp.from(clock.instant()));
            s.setString(6, json(reportDetails(report, fetched.neighbourhood())));
            s.setString(7, catalogue.label());
            s.setString(8, tile.value());
            s.executeUpdate();
        }
        LOG.info("Cached {} neighbourhood of {}: {} rows, {} request(s){}", catalogue.label(), tile,
                fetched.neighbourhood().size(), report.requests(), report.split() ? ", split " + report.splitDepth() + " level(s)" : "");
    }

    private void markFailed(Connection c, Catalogue catalogue, TileId tile, String reason, String message, Exception cause) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("message", message);
        details.put("worker", workerId);
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE catalog_cache
                   SET state = 'FAILED', complete = false, claimed_by = NULL, claim_until = NULL, details = ?::jsonb
                 WHERE catalog = ? AND tile_id = ?""")) {
            s.setString(1, json(details));
            s.setString(2, catalogue.label());
            s.setString(3, tile.value());
            s.executeUpdate();
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
