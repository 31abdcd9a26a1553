package org.vasco.xmatch;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.fits.DetectionAstrometry;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.LdacCatalogue;
import org.vasco.common.service.StageFactory;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.DetectionCounts;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.common.task.Step;
import org.vasco.xmatch.catalog.CachedNeighbourhoods;
import org.vasco.xmatch.catalog.CatalogueSettings;
import org.vasco.xmatch.catalog.NeighbourhoodPrefetcher;
import org.vasco.xmatch.catalog.PrefetchSettings;
import org.vasco.xmatch.stage.DetectionSource;
import org.vasco.xmatch.stage.TileDownloadEpochs;
import org.vasco.xmatch.stage.XmatchStage;

/**
 * {@code vasco worker xmatch}: consumes {@code vasco.tile.xmatch}, runs {@link XmatchStage} on the tile's
 * pass-2 catalogue (full path) or position-pass catalogue (fast path) with the cached catalogue neighbourhoods,
 * and (through the run's step graph) enqueues the next step: {@code vasco.tile.veto}, or
 * {@code vasco.tile.measure} on the fast path. The stage shares the worker's database pool, storage and metrics.
 * Beside it, a {@link NeighbourhoodPrefetcher} fills the neighbourhood cache for tiles still in their extract step
 * (on when a catalogue comes from a mirror, {@code VASCO_CATALOG_PREFETCH}).
 */
public final class XmatchWorker {

    private XmatchWorker() {
    }

    /** The step-4 counters reported as {@code vasco.detections{stage}}: what is left after each cut. */
    static final Map<String, String> DETECTION_COUNTS = Map.of(FunnelCounter.DETECTIONS_IN.key(), "xmatch_in",
            FunnelCounter.VETO_START_ROWS.key(), "circle", FunnelCounter.VETO_AFTER_GAIA_ROWS.key(), "veto_gaia",
            FunnelCounter.VETO_AFTER_PS1_ROWS.key(), "veto_ps1", FunnelCounter.VETO_AFTER_USNOB_ROWS.key(), "veto_usnob");

    /**
     * Starts the worker.
     *
     * @param registryOrNull where to record metrics, or null for a Prometheus registry
     */
    public static WorkerService start(Environment env, MeterRegistry registryOrNull) {
        return WorkerService.start(env, Step.XMATCH, stageFactory(env), List.of(), registryOrNull);
    }

    /**
     * The stage this worker runs, built from the service's wiring (for mains that start the worker their own way).
     *
     * @throws org.vasco.common.config.ConfigurationException naming a missing or invalid setting
     */
    public static StageFactory stageFactory(Environment env) {
        CatalogueSettings catalogues = CatalogueSettings.from(env);
        var parameters = XmatchSettings.catalogueVetoParameters(env);
        String worker = env.find(ClusterSettings.WORKER_ID).orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
        PrefetchSettings prefetch = PrefetchSettings.from(env);
        return wiring -> {
            CachedNeighbourhoods neighbourhoods = CachedNeighbourhoods.create(catalogues, wiring.database(), wiring.store(),
                    wiring.registry(), Clock.systemUTC(), worker);
            wiring.closeWithService(neighbourhoods.sources());
            NeighbourhoodPrefetcher prefetcher = wiring.closeWithService(new NeighbourhoodPrefetcher(neighbourhoods, wiring.database(),
                    prefetch, wiring.registry(), Clock.systemUTC()));
            if (prefetch.enabled(neighbourhoods.sources().anyMirror())) {
                prefetcher.start();
            }
            return DetectionCounts.of(new XmatchStage(wiring.store(), pass2Detections(wiring.store()), positionPass(wiring.store()),
                    neighbourhoods, new TileDownloadEpochs(wiring.database()), parameters), wiring.registry(), DETECTION_COUNTS);
        };
    }

    /** The pass-2 detections of a tile with positions from its own astrometry (DSS-polynomial headers included). */
    static DetectionSource pass2Detections(ArtefactStore store) {
        return catalogue(store, TileArtefacts::pass2Catalogue, "a pass-2 catalogue", DetectionAstrometry::placedDetections);
    }

    /**
     * The fast path's position-pass detections of a tile (NUMBER, pixel and windowed positions; the measured
     * columns are absent), placed by the same astrometry as pass 2.
     */
    static DetectionSource positionPass(ArtefactStore store) {
        return catalogue(store, TileArtefacts::positionsCatalogue, "a position-pass catalogue", DetectionAstrometry::placedPositions);
    }

    /** Reads a catalogue's detections. */
    @FunctionalInterface
    private interface CatalogueReader {
        List<org.vasco.common.detection.Detection> read(LdacCatalogue catalogue) throws FitsFormatException;
    }

    private static DetectionSource catalogue(ArtefactStore store, Function<TileArtefacts, Path> catalogue, String what,
                                             CatalogueReader reader) {
        return tile -> {
            Path file = catalogue.apply(store.artefacts(tile));
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString(), null, "the extract step has not left " + what);
            }
            try {
                return reader.read(LdacCatalogue.read(file));
            } catch (FitsFormatException | IllegalArgumentException e) {
                throw new java.io.IOException(file + ": " + e.getMessage(), e);
            }
        };
    }

    /** The slim main of the xmatch worker's container image. */
    public static void main(String[] args) {
        start(Environment.system(), null).closeOnShutdown();
    }
}
