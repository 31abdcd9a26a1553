package org.vasco.xmatch.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.config.ClusterEnvironment;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.RunId;
import org.vasco.common.tile.TileId;
import org.vasco.xmatch.catalog.CachedNeighbourhoods;
import org.vasco.xmatch.catalog.CatalogueSettings;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco prefetch --run R [--catalog gaia|ps1|usnob|ps1bright]…}: warms the shared neighbourhood
 * cache for every tile of a run ahead of the cross-match (the reference's prewarm scripts, SPEC §6.3),
 * through the same cache and clients the workers use, so a neighbourhood is fetched once cluster-wide.
 * Prints a progress bar and a summary; exits 1 when any neighbourhood could not be fetched.
 */
@Command(name = "prefetch", mixinStandardHelpOptions = true,
        description = "Fetch the catalogue neighbourhoods of a run's tiles into the shared cache.")
public final class PrefetchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run", required = true, description = "Run id whose tiles to prefetch.")
    private String runId;

    @Option(names = "--catalog", split = ",", paramLabel = "gaia|ps1|usnob|ps1bright",
            description = "Catalogue(s) to prefetch (default: all four).")
    private List<String> catalogues = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "2", description = "Neighbourhoods fetched at once (default: ${DEFAULT-VALUE}).")
    private int threads;

    private final ClusterEnvironment cluster;

    public PrefetchCommand() {
        this(Environment::system);
    }

    /** @param cluster finds the cluster (the local one of {@code ./vasco up}, or the {@code VASCO_…} environment) */
    public PrefetchCommand(ClusterEnvironment cluster) {
        this.cluster = cluster;
    }

    @Override
    public Integer call() throws Exception {
        RunId.validate(runId);
        Environment environment = cluster.locate();
        List<Catalogue> wanted = catalogues.isEmpty() ? List.of(Catalogue.values())
                : catalogues.stream().map(Catalogue::fromLabel).distinct().toList();
        if (threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        try (Database database = Database.open(JdbcConnection.from(environment), "vasco-prefetch")) {
            String worker = environment.find(ClusterSettings.WORKER_ID).orElse("prefetch-" + ManagementFactory.getRuntimeMXBean().getName());
            CachedNeighbourhoods source = CachedNeighbourhoods.create(CatalogueSettings.from(environment), database,
                    new ArtefactStore(environment.get(ClusterSettings.DATA)), new SimpleMeterRegistry(), worker);
            List<PlannedTile> tiles = tilesOf(database, runId);
            if (tiles.isEmpty()) {
                spec.commandLine().getErr().println("Run " + runId + " has no tiles (unknown run?)");
                return 2;
            }
            Summary summary = prefetch(source, tiles, wanted);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Prefetched run %s, %d tiles x %d catalogue(s): %d fetched, %d already cached, %d failed%n",
                    runId, tiles.size(), wanted.size(), summary.fetched.get(), summary.cached.get(), summary.failed.get());
            summary.failures.forEach(f -> out.println("  FAILED " + f));
            out.flush();
            return summary.failed.get() == 0 ? 0 : 1;
        }
    }

    private Summary prefetch(CachedNeighbourhoods source, List<PlannedTile> tiles, List<Catalogue> wanted) throws InterruptedException {
        Summary summary = new Summary();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("prefetch " + runId)
                .setInitialMax((long) tiles.size() * wanted.size()).setStyle(ProgressBarStyle.ASCII).continuousUpdate().build()) {
            List<Future<?>> jobs = new ArrayList<>();
            for (PlannedTile tile : tiles) {
                for (Catalogue catalogue : wanted) {
                    jobs.add(pool.submit(() -> {
                        try {
                            if (source.cache().cached(catalogue, tile.id(), tile.raDeg(), tile.decDeg()).isPresent()) {
                                summary.cached.incrementAndGet();
                            } else {
                                source.neighbourhood(catalogue, tile.id(), tile.raDeg(), tile.decDeg());
                                summary.fetched.incrementAndGet();
                            }
                        } catch (NeighbourhoodUnavailableException e) {
                            summary.failed.incrementAndGet();
                            summary.failures.add(e.getMessage());
                        } finally {
                            bar.step();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("prefetch of run " + runId + " broke: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return summary;
    }

    private static List<PlannedTile> tilesOf(Database database, String runId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT DISTINCT t.tile_id, t.ra_deg, t.dec_deg
                       FROM run_tile rt JOIN tile t ON t.tile_id = rt.tile_id
                      WHERE rt.run_id = ? ORDER BY t.tile_id""")) {
            s.setString(1, runId);
            List<PlannedTile> tiles = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tiles.add(new PlannedTile(TileId.of(rs.getString(1)), rs.getDouble(2), rs.getDouble(3)));
                }
            }
            return tiles;
        }
    }

    private record PlannedTile(TileId id, double raDeg, double decDeg) {
    }

    private static final class Summary {
        final AtomicInteger fetched = new AtomicInteger();
        final AtomicInteger cached = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    }
}
