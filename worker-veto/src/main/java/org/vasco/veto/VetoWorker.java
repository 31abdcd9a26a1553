package org.vasco.veto;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.late.LateCuts;
import org.vasco.common.service.StageFactory;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.DetectionCounts;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.tile.CandidateBatcher;
import org.vasco.veto.tile.ProfileScience;
import org.vasco.veto.tile.StoredLocusStars;
import org.vasco.veto.tile.RunTailQuery;
import org.vasco.veto.tile.StoredPsfStars;
import org.vasco.veto.tile.StoredTilePixels;
import org.vasco.veto.tile.VetoTileStage;

/**
 * {@code vasco worker veto}: consumes {@code vasco.tile.veto} and runs {@link VetoTileStage}: the late filters and
 * the spike cut ({@link LateCutSettings}) on each tile's measured candidates, then the enabled post stages in
 * release order ({@link VetoSettings}), each as the run's science profile has them ({@link #sciences}). The pixel and PSF stages read the
 * tile's stored artefacts; the remote stages share the worker's metrics; VSX reads the imported catalogue from
 * the worker's database. Tiles of a run share remote requests within the batch window ({@link CandidateBatcher}).
 */
public final class VetoWorker {

    /** Stage threads when {@code VASCO_CONCURRENCY} is not set (see {@link #withDefaultConcurrency}). */
    static final int DEFAULT_CONCURRENCY = 8;

    /** The {@code stage} tag of each counted run_tile.metrics key of {@link VetoTileStage}, in funnel order. */
    private static final Map<String, String> COUNTED = counted();

    private VetoWorker() {
    }

    /**
     * Starts the worker.
     *
     * @param registryOrNull where to record metrics, or null for a Prometheus registry
     * @throws org.vasco.common.config.ConfigurationException for a missing or invalid setting
     */
    public static WorkerService start(Environment env, MeterRegistry registryOrNull) {
        Environment effective = withDefaultConcurrency(env);
        return WorkerService.start(effective, Step.VETO, stageFactory(effective), List.of(), registryOrNull);
    }

    /**
     * The stage this worker runs, built from the service's wiring (for mains that start the worker their own way).
     *
     * @throws org.vasco.common.config.ConfigurationException for a missing or invalid setting
     */
    public static StageFactory stageFactory(Environment env) {
        VetoSettings settings = VetoSettings.from(env);
        LateCuts lateCuts = LateCutSettings.lateCuts(env);
        Duration window = env.get(VetoSettings.BATCH_WINDOW);
        int maxCandidates = env.get(VetoSettings.BATCH_MAX_CANDIDATES);
        return wiring -> {
            Map<ScienceProfile, ProfileScience> sciences = sciences(settings, lateCuts, wiring.store(),
                    wiring.database().dataSource(), wiring.registry());
            CandidateBatcher batcher = new CandidateBatcher(VetoTileStage.judgeWith(wiring.database(), sciences),
                    window, maxCandidates, new RunTailQuery(wiring.database()));
            return new DetectionCounts(new VetoTileStage(wiring.database(), wiring.store(), sciences, batcher),
                    wiring.registry(), VetoWorker::countedStage, COUNTED.values());
        };
    }

    /**
     * The science of each profile over a tile store: the profile's late cuts and chain, the stages reading the
     * tiles' stored artefacts.
     */
    public static Map<ScienceProfile, ProfileScience> sciences(VetoSettings settings, LateCuts lateCuts, ArtefactStore store,
                                                              DataSource db, MeterRegistry registry) {
        Map<ScienceProfile, ProfileScience> sciences = new EnumMap<>(ScienceProfile.class);
        for (ScienceProfile p : ScienceProfile.values()) {
            VetoChainRunner chain = ReleaseChain.build(settings, p, new StoredPsfStars(store), new StoredTilePixels(store),
                    new StoredLocusStars(store), db, registry);
            sciences.put(p, new ProfileScience(p, lateCuts.forProfile(p), chain));
        }
        return sciences;
    }

    /**
     * The environment with {@code VASCO_CONCURRENCY} defaulted to {@value #DEFAULT_CONCURRENCY}: a veto tile spends
     * its batch window ({@code VASCO_VETO_BATCH_WINDOW}) waiting for other tiles of its run, and then mostly waits
     * on remote services, so one stage thread per tile would leave every batch with a single tile and defeat the
     * window. The threads are cheap; the services' rate limits, not the thread count, bound the load on them.
     */
    static Environment withDefaultConcurrency(Environment env) {
        return env.isSet(ClusterSettings.CONCURRENCY) ? env
                : env.with(ClusterSettings.CONCURRENCY.name(), Integer.toString(DEFAULT_CONCURRENCY));
    }

    /**
     * After the late filters, after the spike cut (the tile's survivors), candidates into the post stages, kept by
     * each post stage ({@code <stage>.kept}), and final survivors.
     */
    static String countedStage(String resultKey) {
        String tag = COUNTED.get(resultKey);
        if (tag != null) {
            return tag;
        }
        return resultKey.endsWith(VetoTileStage.KEPT) ? resultKey.substring(0, resultKey.length() - VetoTileStage.KEPT.length())
                : null;
    }

    private static Map<String, String> counted() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(FunnelCounter.LATE_KEPT_HARD_GATES.key(), "late_filters");
        tags.put(VetoTileStage.TILE_SURVIVORS, "survivors");
        tags.put(VetoTileStage.CANDIDATES, "candidates");
        tags.put(VetoTileStage.FINAL_SURVIVORS, "final");
        return Collections.unmodifiableMap(tags);
    }

    /** The slim main of the veto worker's container image. */
    public static void main(String[] args) {
        start(Environment.system(), null).closeOnShutdown();
    }
}
