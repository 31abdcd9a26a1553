package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * Every remote archive the pipeline talks to, as loopback servers answering from one synthetic sky:
 * DSS cut-outs, VizieR cones (Gaia, PS1, USNO-B) and the MAST bright-star list. {@link #environment()}
 * gives the {@code VASCO_…_URL} settings that point the workers at them ({@code ./vasco up --sky synthetic}).
 */
public final class SyntheticArchives implements AutoCloseable {

    private final LoopbackDssServer dss;
    private final LoopbackVizierServer vizier;
    private final LoopbackMastServer mast;

    private SyntheticArchives(LoopbackDssServer dss, LoopbackVizierServer vizier, LoopbackMastServer mast) {
        this.dss = dss;
        this.vizier = vizier;
        this.mast = mast;
    }

    public static SyntheticArchives start(SyntheticSky sky) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            LoopbackDssServer dss = LoopbackDssServer.start(CutoutSource.synthetic(sky));
            started.add(dss);
            ConeSource cones = SkyCones.of(sky);
            LoopbackVizierServer vizier = LoopbackVizierServer.start(cones);
            started.add(vizier);
            LoopbackMastServer mast = LoopbackMastServer.start(cones);
            return new SyntheticArchives(dss, vizier, mast);
        } catch (RuntimeException e) {
            for (AutoCloseable s : started) {
                try {
                    s.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The settings that send the workers to these servers instead of the real archives. */
    public Map<String, String> environment() {
        return Map.of(
                "VASCO_DSS_URL", dss.baseUrl().toString(),
                "VASCO_VIZIER_URL", vizier.baseUrl().toString(),
                "VASCO_MAST_URL", mast.baseUrl().toString());
    }

    public LoopbackDssServer dss() {
        return dss;
    }

    public LoopbackVizierServer vizier() {
        return vizier;
    }

    public LoopbackMastServer mast() {
        return mast;
    }

    @Override
    public void close() {
        mast.close();
        vizier.close();
        dss.close();
    }
}
