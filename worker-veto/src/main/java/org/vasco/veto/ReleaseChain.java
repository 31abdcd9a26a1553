package org.vasco.veto;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.task.ScienceProfile;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.remote.CdsXmatchClient;
import org.vasco.veto.remote.SkybotClient;
import org.vasco.veto.remote.TapUploadClient;
import org.vasco.veto.stages.DecScopeStage;
import org.vasco.veto.stages.GscStage;
import org.vasco.veto.stages.LocusMorphologyStage;
import org.vasco.veto.stages.LocusShapeStage;
import org.vasco.veto.stages.MorphologyStage;
import org.vasco.veto.stages.PtfStage;
import org.vasco.veto.stages.ShapeStage;
import org.vasco.veto.stages.SkybotStage;
import org.vasco.veto.stages.SupercosmosStage;
import org.vasco.veto.stages.TileLocus;
import org.vasco.veto.stages.TilePixels;
import org.vasco.veto.stages.TilePsfStars;
import org.vasco.veto.stages.VetoStage;
import org.vasco.veto.stages.VsxStage;
import org.vasco.veto.vsx.VsxCatalogue;

/**
 * Builds the enabled stages in the release order of the reference (SPEC §11): S0M, S0S, S1 GSC, S2 SkyBoT,
 * S3 SuperCOSMOS, S4 PTF, S5 VSX, S6 Dec scope, for a science profile: the reference's S0M and S0S and SkyBoT at
 * DATE-OBS, or the corrected profile's S0M and S0S against the tile's stellar locus and SkyBoT at mid-exposure
 * (docs/science.md). The other stages are the same in both.
 */
public final class ReleaseChain {

    static final String USER_AGENT = "vasco-cluster/0.1 (worker-veto)";

    private ReleaseChain() {
    }

    /** The reference profile's chain. */
    public static VetoChainRunner build(VetoSettings s, TilePsfStars psfStars, TilePixels pixels, DataSource db,
                                        MeterRegistry metrics) {
        return build(s, ScienceProfile.REFERENCE, psfStars, pixels, null, db, metrics);
    }

    /**
     * The chain of a profile.
     *
     * @param locus the tile's stellar locus (read by the corrected profile only; may be null for the reference)
     */
    public static VetoChainRunner build(VetoSettings s, ScienceProfile profile, TilePsfStars psfStars, TilePixels pixels,
                                        TileLocus locus, DataSource db, MeterRegistry metrics) {
        boolean corrected = profile == ScienceProfile.CORRECTED;
        List<VetoStage> stages = new ArrayList<>(pixelStages(s, profile, psfStars, pixels, locus));
        if (s.gscEnabled()) {
            stages.add(new GscStage(new CdsXmatchClient(client(s.cdsXmatch(), metrics)),
                    s.matchRadiusArcsec(), s.uploadRows()));
        }
        if (s.skybotEnabled()) {
            stages.add(new SkybotStage(new SkybotClient(client(s.skybot(), metrics)),
                    s.matchRadiusArcsec(), s.skybotWideArcsec(), s.skybotConeArcsec(),
                    corrected ? SkybotStage.Epoch.MID_EXPOSURE : SkybotStage.Epoch.EXPOSURE_START));
        }
        if (s.scosEnabled()) {
            stages.add(new SupercosmosStage(new TapUploadClient(client(s.gavoTap(), metrics)),
                    s.matchRadiusArcsec(), s.uploadRows()));
        }
        if (s.ptfEnabled()) {
            stages.add(new PtfStage(new TapUploadClient(client(s.irsaTap(), metrics)),
                    s.matchRadiusArcsec(), s.uploadRows()));
        }
        if (s.vsxEnabled()) {
            stages.add(new VsxStage(new VsxCatalogue(db), s.matchRadiusArcsec()));
        }
        if (s.decEnabled()) {
            stages.add(new DecScopeStage(s.decMinDeg()));
        }
        return new VetoChainRunner(stages, profile);
    }

    /**
     * The enabled stages that judge a candidate from its tile's own pixels and catalogue, S0M and S0S, as the profile
     * has them: the first stages of its chain.
     */
    public static List<VetoStage> pixelStages(VetoSettings s, ScienceProfile profile, TilePsfStars psfStars,
                                              TilePixels pixels, TileLocus locus) {
        boolean corrected = profile == ScienceProfile.CORRECTED;
        VetoSettings.LocusLimits limits = s.locus();
        List<VetoStage> stages = new ArrayList<>();
        if (s.morphEnabled()) {
            stages.add(corrected ? new LocusMorphologyStage(locus, limits.spreadZ(), limits.fwhmZ())
                    : new MorphologyStage(psfStars, s.morphFwhmRatioMax(), s.morphSpreadSnrMax(), s.morphMinPsfStars()));
        }
        if (s.shapeEnabled()) {
            stages.add(corrected ? new LocusShapeStage(pixels, locus, limits.profileZ(), limits.circularityZ(),
                    limits.elongationZ())
                    : new ShapeStage(pixels, s.shapeProfileDiffMax(), s.shapeElongationMax(), s.shapeCircularityMin()));
        }
        return stages;
    }

    private static ArchiveClient client(ArchiveService service, MeterRegistry metrics) {
        return new ArchiveClient(service, metrics, USER_AGENT);
    }
}
