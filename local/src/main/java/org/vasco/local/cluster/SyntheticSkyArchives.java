package org.vasco.local.cluster;

import java.util.List;
import org.vasco.common.config.Environment;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.download.DownloadSettings;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * The loopback archives of a synthetic sky for a local cluster: their post-stage archives hold the cut-outs of the
 * whole tessellation plan, so they answer about any tile the cluster may download, whether this process served it
 * or not (a restarted cluster gets the same science). The one way the local commands and tests start them.
 */
public final class SyntheticSkyArchives {

    private SyntheticSkyArchives() {
    }

    /** The archives of {@code sky}; the workers they configure download cut-outs of the sky's size. */
    public static SyntheticArchives start(SyntheticSky sky) {
        return SyntheticArchives.start(sky, Plan.TILES);
    }

    /**
     * The archives of the sky of {@code seed}, cut-outs as large as the settings ask the download workers for
     * ({@code VASCO_DSS_SIZE_ARCMIN}).
     */
    public static SyntheticArchives start(long seed, Environment settings) {
        return start(SyntheticSky.withSeed(seed).withSizeArcmin(settings.get(DownloadSettings.DSS_SIZE_ARCMIN)));
    }

    /** Generated once per JVM, on first use. */
    private static final class Plan {
        static final List<TileId> TILES = TessellationPlan.generate(PlateCatalogue.bundled()).stream().map(PlanTile::tileId).toList();
    }
}
