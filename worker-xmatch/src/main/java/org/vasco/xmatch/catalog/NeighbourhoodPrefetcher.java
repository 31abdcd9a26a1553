package org.vasco.xmatch.catalog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.task.Step;
import org.vasco.common.tile.TileId;

/**
 * Fetches the neighbourhoods of tiles that will reach the xmatch step soon — their extract step is queued, running or
 * waiting to retry, or their xmatch step is queued — into the shared cache while the extract step runs, so that the
 * xmatch step finds them cached (SPEC §12's request: prefetch step-4 catalogues during step 3). It fetches through
 * the same {@link CachedNeighbourhoods} as the step, so a neighbourhood is still fetched once cluster-wide however
 * many workers prefetch. Oldest queued tiles first; a neighbourhood whose fetch failed is left alone for a while
 * (the step itself still fetches, and fails, in its own right). Runs on its own threads from {@link #start()} until
 * {@link #close()}; a round at a time.
 */
public final class NeighbourhoodPrefetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NeighbourhoodPrefetcher.class);

    private final CachedNeighbourhoods source;
    private final Database database;
    private final PrefetchSettings settings;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<String, Instant> failedUntil = new ConcurrentHashMap<>();
    private ExecutorService rounds;
    private ExecutorService fetchers;

    public NeighbourhoodPrefetcher(CachedNeighbourhoods source, Database database, PrefetchSettings settings, MeterRegistry metrics,
                                   Clock clock) {
        this.source = source;
        this.database = database;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        for (Catalogue c : Catalogue.values()) {
            counter(c, "fetched");
            counter(c, "failed");
        }
    }

    /** A queued tile and its centre. */
    record QueuedTile(TileId tile, double raDeg, double decDeg) {
    }

    /** Starts the rounds on a thread of their own; returns this. */
    public synchronized NeighbourhoodPrefetcher start() {
        if (rounds != null) {
            return this;
        }
        fetchers = Executors.newFixedThreadPool(settings.threads(), daemon("catalog-prefetch"));
        rounds = Executors.newSingleThreadExecutor(daemon("catalog-prefetch-rounds"));
        rounds.submit(this::loop);
        LOG.info("Prefetching catalogue neighbourhoods of queued tiles ({} threads, {} tiles a round; gaia from {})",
                settings.threads(), settings.tilesPerRound(), source.sources().describe(Catalogue.GAIA));
        return this;
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (round() == 0) {
                    Thread.sleep(settings.interval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | SQLException e) {
                LOG.warn("Prefetch round failed (trying again in {}): {}", settings.interval(), e.toString());
                try {
                    Thread.sleep(settings.interval().toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * One round: the neighbourhoods the oldest queued tiles lack, fetched {@code threads} at a time.
     *
     * @return neighbourhoods fetched (0 when nothing was missing)
     */
    int round() throws SQLException, InterruptedException {
        List<Future<Boolean>> jobs = new ArrayList<>();
        Instant now = clock.instant();
        for (QueuedTile t : queuedTiles()) {
            for (Catalogue c : Catalogue.values()) {
                String key = c.label() + "/" + t.tile().value();
                Instant until = failedUntil.get(key);
                if (until != null && until.isAfter(now)) {
                    continue;
                }
                jobs.add(fetchers.submit(() -> fetch(c, t, key)));
            }
        }
        int fetched = 0;
        for (Future<Boolean> job : jobs) {
            try {
                fetched += job.get() ? 1 : 0;
            } catch (ExecutionException e) {
                LOG.warn("Prefetch broke: {}", e.getCause().toString());
            }
        }
        return fetched;
    }

    private boolean fetch(Catalogue c, QueuedTile t, String key) throws InterruptedException {
        try {
            if (source.cache().cached(c, t.tile(), t.raDeg(), t.decDeg()).isPresent()) {
                return false;
            }
            source.neighbourhood(c, t.tile(), t.raDeg(), t.decDeg());
            counter(c, "fetched").increment();
            return true;
        } catch (NeighbourhoodUnavailableException e) {
            counter(c, "failed").increment();
            failedUntil.put(key, clock.instant().plus(settings.failureWait()));
            LOG.warn("Prefetch of {} for {} failed (left alone for {}): {}", c.label(), t.tile(), settings.failureWait(), e.getMessage());
            return false;
        }
    }

    /** Tiles heading for the xmatch step that lack a READY neighbourhood, oldest queued first. */
    List<QueuedTile> queuedTiles() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT t.tile_id, t.ra_deg, t.dec_deg, min(rt.queued_at) AS since
                       FROM run_tile rt JOIN tile t ON t.tile_id = rt.tile_id
                      WHERE ((rt.step = ? AND rt.state IN ('QUEUED', 'RUNNING', 'RETRY'))
                             OR (rt.step = ? AND rt.state IN ('QUEUED', 'RETRY')))
                        AND (SELECT count(*) FROM catalog_cache cc
                              WHERE cc.tile_id = t.tile_id AND cc.state = 'READY' AND cc.complete) < ?
                      GROUP BY t.tile_id, t.ra_deg, t.dec_deg
                      ORDER BY since, t.tile_id
                      LIMIT ?""")) {
            s.setString(1, Step.EXTRACT.label());
            s.setString(2, Step.XMATCH.label());
            s.setInt(3, Catalogue.values().length);
            s.setInt(4, settings.tilesPerRound());
            List<QueuedTile> tiles = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tiles.add(new QueuedTile(TileId.of(rs.getString(1)), rs.getDouble(2), rs.getDouble(3)));
                }
            }
            return tiles;
        }
    }

    private Counter counter(Catalogue c, String result) {
        return Counter.builder(MetricNames.CATALOG_PREFETCH).tag("catalog", c.name().toLowerCase(Locale.ROOT)).tag("result", result)
                .description("Neighbourhoods of queued tiles fetched ahead of the xmatch step").register(metrics);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the rounds; fetches in flight are interrupted (their cache rows become FAILED and are fetched again later). */
    @Override
    public synchronized void close() throws InterruptedException {
        if (rounds != null) {
            rounds.shutdownNow();
            fetchers.shutdownNow();
            rounds.awaitTermination(30, TimeUnit.SECONDS);
            fetchers.awaitTermination(30, TimeUnit.SECONDS);
            rounds = null;
        }
    }
}
