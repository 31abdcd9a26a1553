package org.vasco.veto;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.vasco.common.stage.DetectionCounts;
import org.vasco.common.config.Environment;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.veto.chain.ReleaseChain;
import org.vasco.veto.tile.StoredPsfStars;
import org.vasco.veto.tile.StoredTilePixels;
import org.vasco.veto.tile.VetoTileStage;

/**
 * {@code vasco worker veto}: consumes {@code vasco.tile.veto} and runs {@link VetoTileStage}, the enabled post
 * stages in release order ({@link VetoSettings}), on each tile's candidates. The pixel and PSF stages read the
 * tile's stored artefacts; the remote stages share the worker's metrics; VSX reads the imported catalogue from
 * the worker's database.
 */
public final class VetoWorker {

    private VetoWorker() {
    }

    /**
     * Starts the worker.
     *
     * @param registryOrNull where to record metrics, or null for a Prometheus registry
     * @throws org.vasco.common.config.ConfigurationException for a missing or invalid setting
     */
    public static WorkerService start(Environment env, MeterRegistry registryOrNull) {
        VetoSettings settings = VetoSettings.from(env);
        return WorkerService.start(env, Step.VETO, wiring -> new DetectionCounts(new VetoTileStage(wiring.database(),
                        ReleaseChain.build(settings, new StoredPsfStars(wiring.store()), new StoredTilePixels(wiring.store()),
                                wiring.database().dataSource(), wiring.registry())), wiring.registry(), VetoWorker::countedStage,
                        List.of("candidates", "final")),
                List.of(), registryOrNull);
    }

    /** Candidates in, kept by each post stage ({@code <stage>.kept}), and final survivors. */
    static String countedStage(String resultKey) {
        if (resultKey.equals("candidates") || resultKey.equals("survivors")) {
            return resultKey.equals("survivors") ? "final" : "candidates";
        }
        return resultKey.endsWith(".kept") ? resultKey.substring(0, resultKey.length() - ".kept".length()) : null;
    }

    /** The slim main of the veto worker's container image. */
    public static void main(String[] args) {
        start(Environment.system(), null).closeOnShutdown();
    }
}
