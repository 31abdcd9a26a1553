package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * Every remote archive the pipeline talks to, as loopback servers answering from one synthetic sky:
 * DSS cut-outs, VizieR cones (Gaia, PS1, USNO-B), the MAST bright-star list, and the post stages' services:
 * CDS X-Match (GSC 2.4.2), SkyBoT, GAVO TAP (SuperCOSMOS) and IRSA TAP (PTF), which answer from the cut-outs of the
 * cluster's plan (see {@link PlannedCutouts}). Every answer depends only on the sky and the request, never on what
 * was served before, so the archives can be restarted with the cluster. {@link #environment()} gives the settings
 * that point the workers (and the review page's modern-epoch cut-outs) at them and make them download cut-outs of the
 * sky's size ({@code ./vasco up --sky synthetic}).
 * <p>
 * VSX is a local catalogue, not a service: the synthetic sky's variables belong to rendered tiles, which do not
 * exist when the cluster starts, so there is nothing honest to import then. The environment therefore switches
 * the VSX stage off ({@link #VSX_ENABLED}); {@link #notes()} says so for the operator.
 */
public final class SyntheticArchives implements AutoCloseable {

    /** VetoSettings' names (testkit does not depend on worker-veto). */
    static final String CDS_XMATCH_URL = "VASCO_CDS_XMATCH_URL";
    static final String SKYBOT_URL = "VASCO_SKYBOT_URL";
    static final String GAVO_TAP_URL = "VASCO_GAVO_TAP_URL";
    static final String IRSA_TAP_URL = "VASCO_IRSA_TAP_URL";
    static final String VSX_ENABLED = "VASCO_VETO_VSX_ENABLED";
    /** DownloadSettings' name (testkit does not depend on worker-download). */
    static final String DSS_SIZE_ARCMIN = "VASCO_DSS_SIZE_ARCMIN";
    /** ReviewSettings' name: the coordinator's review page takes its modern-epoch cut-outs from the same stand-in. */
    static final String REVIEW_DSS_URL = "VASCO_REVIEW_DSS_URL";

    /** The CDS X-Match table of GSC 2.4.2 and the TAP tables the post stages query. */
    static final String GSC_TABLE = "I/353/gsc242";
    static final String SUPERCOSMOS_TABLE = "supercosmos.sources";
    static final String PTF_TABLE = "ptf_objects";

    private final LoopbackDssServer dss;
    private final LoopbackVizierServer vizier;
    private final LoopbackMastServer mast;
    private final LoopbackCdsXmatchServer cdsXmatch;
    private final LoopbackSkybotServer skybot;
    private final LoopbackTapServer gavoTap;
    private final LoopbackTapServer irsaTap;
    private final double sizeArcmin;
    private final PlannedCutouts planned;

    private SyntheticArchives(double sizeArcmin, PlannedCutouts planned, LoopbackDssServer dss, LoopbackVizierServer vizier, LoopbackMastServer mast,
                              LoopbackCdsXmatchServer cdsXmatch, LoopbackSkybotServer skybot, LoopbackTapServer gavoTap,
                              LoopbackTapServer irsaTap) {
        this.sizeArcmin = sizeArcmin;
        this.planned = planned;
        this.dss = dss;
        this.vizier = vizier;
        this.mast = mast;
        this.cdsXmatch = cdsXmatch;
        this.skybot = skybot;
        this.gavoTap = gavoTap;
        this.irsaTap = irsaTap;
    }

    /**
     * Starts every stand-in.
     *
     * @param sky  the synthetic sky; the workers download cut-outs {@link SyntheticSky#sizeArcmin()} wide
     *             ({@link #environment()})
     * @param plan the tiles the cluster may download: the post stages' archives hold what their cut-outs show
     */
    public static SyntheticArchives start(SyntheticSky sky, List<TileId> plan) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            PlannedCutouts planned = new PlannedCutouts(sky, plan);
            LoopbackDssServer dss = LoopbackDssServer.start(planned.cutouts());
            started.add(dss);
            ConeSource cones = SkyCones.of(sky);
            LoopbackVizierServer vizier = LoopbackVizierServer.start(cones);
            started.add(vizier);
            LoopbackMastServer mast = LoopbackMastServer.start(cones);
            started.add(mast);
            LoopbackCdsXmatchServer cdsXmatch = new LoopbackCdsXmatchServer(Map.of(GSC_TABLE, planned.gsc()));
            started.add(cdsXmatch);
            LoopbackSkybotServer skybot = new LoopbackSkybotServer(planned.skybot());
            started.add(skybot);
            LoopbackTapServer gavoTap = new LoopbackTapServer("/tap/sync", Map.of(SUPERCOSMOS_TABLE, planned.supercosmos()));
            started.add(gavoTap);
            LoopbackTapServer irsaTap = new LoopbackTapServer("/TAP/sync", Map.of(PTF_TABLE, planned.ptf()));
            return new SyntheticArchives(sky.sizeArcmin(), planned, dss, vizier, mast, cdsXmatch, skybot, gavoTap, irsaTap);
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

    /**
     * The settings that send the workers to these servers instead of the real archives, make them download cut-outs
     * of the size the post stages' archives hold, and switch VSX off.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VASCO_DSS_URL", dss.baseUrl().toString());
        env.put(DSS_SIZE_ARCMIN, Double.toString(sizeArcmin));
        env.put(REVIEW_DSS_URL, dss.baseUrl().toString());
        env.put("VASCO_VIZIER_URL", vizier.baseUrl().toString());
        env.put("VASCO_MAST_URL", mast.baseUrl().toString());
        env.put(CDS_XMATCH_URL, cdsXmatch.syncUri().toString());
        env.put(SKYBOT_URL, skybot.conesearchUri().toString());
        env.put(GAVO_TAP_URL, gavoTap.syncUri().toString());
        env.put(IRSA_TAP_URL, irsaTap.syncUri().toString());
        env.put(VSX_ENABLED, "false");
        return Collections.unmodifiableMap(env);
    }

    /** What an operator of the synthetic cluster must know about these archives. */
    public List<String> notes() {
        return List.of("the VSX stage (S5) is off (" + VSX_ENABLED + "=false): no VSX catalogue exists for the"
                + " synthetic sky's tiles before they are rendered; the other post stages query the stand-ins");
    }

    /**
     * Forgets everything the stand-ins hold in memory (the cut-outs rendered so far), as a restart of their process
     * would; their answers do not change (fault scenarios that restart services restart these with them).
     */
    public void forgetServedCutouts() {
        planned.forget();
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

    public LoopbackCdsXmatchServer cdsXmatch() {
        return cdsXmatch;
    }

    public LoopbackSkybotServer skybot() {
        return skybot;
    }

    public LoopbackTapServer gavoTap() {
        return gavoTap;
    }

    public LoopbackTapServer irsaTap() {
        return irsaTap;
    }

    @Override
    public void close() {
        irsaTap.close();
        gavoTap.close();
        skybot.close();
        cdsXmatch.close();
        mast.close();
        vizier.close();
        dss.close();
    }
}
