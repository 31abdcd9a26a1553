package org.vasco.veto;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.http.ArchiveSettings;

/**
 * Everything the post stages can be told (SPEC §7 and §9): which stages run, where the remote services
 * are, and the thresholds. Defaults are the reference's release values.
 *
 * @param morphEnabled          S0M on/off
 * @param shapeEnabled          S0S on/off
 * @param gscEnabled            S1 GSC on/off
 * @param skybotEnabled         S2 SkyBoT on/off
 * @param scosEnabled           S3 SuperCOSMOS on/off
 * @param ptfEnabled            S4 PTF on/off
 * @param vsxEnabled            S5 VSX on/off
 * @param decEnabled            S6 Dec scope on/off
 * @param cdsXmatch             the CDS X-Match sync endpoint and its politeness
 * @param skybot                the SkyBoT cone-search endpoint and its politeness
 * @param gavoTap               the GAVO TAP sync endpoint (SuperCOSMOS) and its politeness
 * @param irsaTap               the IRSA TAP sync endpoint (PTF) and its politeness
 * @param matchRadiusArcsec     the positional veto radius of GSC, SkyBoT (strict), SuperCOSMOS, PTF and VSX
 * @param skybotWideArcsec      SkyBoT matches out to this radius are flagged, not rejected
 * @param skybotConeArcsec      SkyBoT cone radius per field
 * @param decMinDeg             S6 keeps Dec ≥ this
 * @param morphFwhmRatioMax     S0M rejects FWHM_IMAGE / PSF median above this
 * @param morphSpreadSnrMax     S0M rejects (SPREAD_MODEL − PSF median) / SPREADERR_MODEL above this
 * @param morphMinPsfStars      S0M needs this many PSF stars on a tile
 * @param shapeProfileDiffMax   S0S rejects profile_diff above this
 * @param shapeElongationMax    S0S rejects ELONGATION above this
 * @param shapeCircularityMin   S0S rejects circularity below this
 * @param uploadRows            rows per upload to CDS X-Match and TAP services
 * @param locus                 the corrected profile's limits of its comparisons with the stellar locus
 */
public record VetoSettings(boolean morphEnabled, boolean shapeEnabled, boolean gscEnabled, boolean skybotEnabled,
                           boolean scosEnabled, boolean ptfEnabled, boolean vsxEnabled, boolean decEnabled,
                           ArchiveService cdsXmatch, ArchiveService skybot, ArchiveService gavoTap, ArchiveService irsaTap,
                           double matchRadiusArcsec, double skybotWideArcsec, double skybotConeArcsec,
                           double decMinDeg, double morphFwhmRatioMax, double morphSpreadSnrMax, int morphMinPsfStars,
                           double shapeProfileDiffMax, double shapeElongationMax, double shapeCircularityMin,
                           int uploadRows, LocusLimits locus) {

    /**
     * The corrected profile's limits, each in robust σ of the comparison stars' values (docs/science.md, set by the
     * null test on catalogued stars, {@code vasco bench nulltest}).
     *
     * @param spreadZ      S0M: |SPREAD_MODEL − locus median|
     * @param fwhmZ        S0M: |FWHM_IMAGE − locus median|
     * @param profileZ     S0S: profile difference above the stars' median
     * @param circularityZ S0S: circularity below the stars' median
     * @param elongationZ  S0S: ELONGATION above the stars' median
     */
    public record LocusLimits(double spreadZ, double fwhmZ, double profileZ, double circularityZ, double elongationZ) {
    }

    public static final Setting<Boolean> MORPH_ENABLED = Setting.flag("VASCO_VETO_MORPH_ENABLED", true,
            "Run S0M, morphology against the tile's local PSF stars");
    public static final Setting<Boolean> SHAPE_ENABLED = Setting.flag("VASCO_VETO_SHAPE_ENABLED", true,
            "Run S0S, pixel shape (radial profile and contour circularity)");
    public static final Setting<Boolean> GSC_ENABLED = Setting.flag("VASCO_VETO_GSC_ENABLED", true,
            "Run S1, GSC 2.4.2 through the CDS X-Match service");
    public static final Setting<Boolean> SKYBOT_ENABLED = Setting.flag("VASCO_VETO_SKYBOT_ENABLED", true,
            "Run S2, known solar-system objects at the plate epoch (SkyBoT)");
    public static final Setting<Boolean> SCOS_ENABLED = Setting.flag("VASCO_VETO_SCOS_ENABLED", true,
            "Run S3, keep only candidates with a SuperCOSMOS counterpart (GAVO TAP)");
    public static final Setting<Boolean> PTF_ENABLED = Setting.flag("VASCO_VETO_PTF_ENABLED", true,
            "Run S4, reject PTF objects with ngoodobs > 0 (IRSA TAP)");
    public static final Setting<Boolean> VSX_ENABLED = Setting.flag("VASCO_VETO_VSX_ENABLED", true,
            "Run S5, reject known variables of the imported VSX catalogue");
    public static final Setting<Boolean> DEC_ENABLED = Setting.flag("VASCO_VETO_DEC_ENABLED", true,
            "Run S6, the declination scope gate");

    public static final Setting<URI> CDS_XMATCH_URL = new Setting<>("VASCO_CDS_XMATCH_URL",
            "http://cdsxmatch.u-strasbg.fr/xmatch/api/v1/sync", "CDS X-Match synchronous endpoint", URI::create);
    public static final Setting<URI> SKYBOT_URL = new Setting<>("VASCO_SKYBOT_URL",
            "https://ssp.imcce.fr/webservices/skybot/api/conesearch.php", "SkyBoT cone-search endpoint", URI::create);
    public static final Setting<URI> GAVO_TAP_URL = new Setting<>("VASCO_GAVO_TAP_URL",
            "https://dc.g-vo.org/tap/sync", "GAVO TAP synchronous query endpoint (SuperCOSMOS)", URI::create);
    public static final Setting<URI> IRSA_TAP_URL = new Setting<>("VASCO_IRSA_TAP_URL",
            "https://irsa.ipac.caltech.edu/TAP/sync", "IRSA TAP synchronous query endpoint (PTF)", URI::create);

    public static final Setting<Double> MATCH_RADIUS_ARCSEC = Setting.decimal("VASCO_VETO_MATCH_RADIUS_ARCSEC", 5.0,
            "Positional veto radius of the GSC, SkyBoT, SuperCOSMOS, PTF and VSX stages, arcsec");
    public static final Setting<Double> SKYBOT_WIDE_ARCSEC = Setting.decimal("VASCO_SKYBOT_WIDE_ARCSEC", 60.0,
            "SkyBoT objects within this radius (beyond the veto radius) flag a candidate, arcsec");
    public static final Setting<Double> SKYBOT_CONE_ARCSEC = Setting.decimal("VASCO_SKYBOT_CONE_ARCSEC", 3600.0,
            "SkyBoT cone radius per field, arcsec");
    public static final Setting<Double> DEC_MIN = Setting.decimal("VASCO_DEC_MIN", 0.0,
            "S6 keeps candidates with Dec at or above this, degrees");
    public static final Setting<Double> MORPH_FWHM_RATIO_MAX = Setting.decimal("VASCO_MORPH_FWHM_RATIO_MAX", 1.5,
            "S0M rejects FWHM_IMAGE / tile PSF median FWHM above this");
    public static final Setting<Double> MORPH_SPREAD_SNR_MAX = Setting.decimal("VASCO_MORPH_SPREAD_SNR_MAX", 5.0,
            "S0M rejects (SPREAD_MODEL - tile PSF median) / SPREADERR_MODEL above this");
    public static final Setting<Integer> MORPH_MIN_PSF_STARS = Setting.integer("VASCO_MORPH_MIN_PSF_STARS", 5,
            "S0M needs at least this many PSF stars on a tile, otherwise candidates pass flagged psf_insufficient");
    public static final Setting<Double> SHAPE_PROFILE_DIFF_MAX = Setting.decimal("VASCO_SHAPE_PROFILE_DIFF_MAX", 0.05,
            "S0S rejects a radial-profile difference above this");
    public static final Setting<Double> SHAPE_ELONGATION_MAX = Setting.decimal("VASCO_SHAPE_ELONGATION_MAX", 1.10,
            "S0S rejects ELONGATION above this");
    public static final Setting<Double> SHAPE_CIRCULARITY_MIN = Setting.decimal("VASCO_SHAPE_CIRCULARITY_MIN", 0.80,
            "S0S rejects contour circularity below this");
    public static final Setting<Double> LOCUS_SPREAD_Z = Setting.decimal("VASCO_LOCUS_SPREAD_Z", 4.0,
            "Corrected profile, S0M: reject SPREAD_MODEL more than this many robust sigma from the tile's catalogued"
                    + " stars of similar SNR_WIN (either side)");
    public static final Setting<Double> LOCUS_FWHM_Z = Setting.decimal("VASCO_LOCUS_FWHM_Z", 4.0,
            "Corrected profile, S0M: reject FWHM_IMAGE more than this many robust sigma from the tile's catalogued"
                    + " stars of similar SNR_WIN (either side)");
    public static final Setting<Double> LOCUS_PROFILE_Z = Setting.decimal("VASCO_LOCUS_PROFILE_Z", 4.0,
            "Corrected profile, S0S: reject a radial-profile difference more than this many robust sigma above the"
                    + " nearest catalogued stars of similar SNR_WIN");
    public static final Setting<Double> LOCUS_CIRCULARITY_Z = Setting.decimal("VASCO_LOCUS_CIRCULARITY_Z", 4.0,
            "Corrected profile, S0S: reject a contour circularity more than this many robust sigma below those stars'");
    public static final Setting<Double> LOCUS_ELONGATION_Z = Setting.decimal("VASCO_LOCUS_ELONGATION_Z", 4.0,
            "Corrected profile, S0S: reject an ELONGATION more than this many robust sigma above those stars'");
    public static final Setting<Integer> UPLOAD_ROWS = Setting.integer("VASCO_VETO_UPLOAD_ROWS", 2000,
            "Rows per table upload to CDS X-Match and the TAP services");
    public static final Setting<Duration> HTTP_TIMEOUT = Setting.duration("VASCO_VETO_HTTP_TIMEOUT", "120s",
            "Timeout of one request to a post-stage service");
    public static final Setting<Integer> HTTP_ATTEMPTS = Setting.integer("VASCO_VETO_HTTP_ATTEMPTS", 4,
            "Attempts per request to a post-stage service before its batch fails");
    public static final Setting<Duration> HTTP_BACKOFF = Setting.duration("VASCO_VETO_HTTP_BACKOFF", "2s",
            "Delay before the first retry of a post-stage service request; doubles each retry");
    public static final Setting<Double> REQUESTS_PER_SECOND = Setting.decimal("VASCO_VETO_REQUESTS_PER_SECOND", 2.0,
            "Rate limit per post-stage service, requests per second");

    public static final Setting<Duration> BATCH_WINDOW = Setting.duration("VASCO_VETO_BATCH_WINDOW", "2s",
            "How long a veto batch stays open for more tiles of the same run after its first tile, so the remote "
                    + "stages ask once for all of them; 0 judges each tile alone");
    public static final Setting<Integer> BATCH_MAX_CANDIDATES = Setting.integer("VASCO_VETO_BATCH_MAX_CANDIDATES", 2000,
            "A veto batch closes before its window ends once it holds at least this many candidates");

    // The four post-stage services have a URL each but share one timeout, attempts, backoff and rate setting.
    public static final ArchiveSettings<URI> CDS_XMATCH = new ArchiveSettings<>("cds-xmatch", CDS_XMATCH_URL,
            HTTP_TIMEOUT, HTTP_ATTEMPTS, HTTP_BACKOFF, REQUESTS_PER_SECOND);
    public static final ArchiveSettings<URI> SKYBOT = new ArchiveSettings<>("skybot", SKYBOT_URL,
            HTTP_TIMEOUT, HTTP_ATTEMPTS, HTTP_BACKOFF, REQUESTS_PER_SECOND);
    public static final ArchiveSettings<URI> GAVO_TAP = new ArchiveSettings<>("gavo-tap", GAVO_TAP_URL,
            HTTP_TIMEOUT, HTTP_ATTEMPTS, HTTP_BACKOFF, REQUESTS_PER_SECOND);
    public static final ArchiveSettings<URI> IRSA_TAP = new ArchiveSettings<>("irsa-tap", IRSA_TAP_URL,
            HTTP_TIMEOUT, HTTP_ATTEMPTS, HTTP_BACKOFF, REQUESTS_PER_SECOND);

    public static VetoSettings from(Environment env) {
        return new VetoSettings(env.get(MORPH_ENABLED), env.get(SHAPE_ENABLED), env.get(GSC_ENABLED),
                env.get(SKYBOT_ENABLED), env.get(SCOS_ENABLED), env.get(PTF_ENABLED), env.get(VSX_ENABLED),
                env.get(DEC_ENABLED), CDS_XMATCH.service(env), SKYBOT.service(env), GAVO_TAP.service(env),
                IRSA_TAP.service(env), env.get(MATCH_RADIUS_ARCSEC), env.get(SKYBOT_WIDE_ARCSEC),
                env.get(SKYBOT_CONE_ARCSEC), env.get(DEC_MIN), env.get(MORPH_FWHM_RATIO_MAX),
                env.get(MORPH_SPREAD_SNR_MAX), env.get(MORPH_MIN_PSF_STARS), env.get(SHAPE_PROFILE_DIFF_MAX),
                env.get(SHAPE_ELONGATION_MAX), env.get(SHAPE_CIRCULARITY_MIN), env.get(UPLOAD_ROWS),
                new LocusLimits(env.get(LOCUS_SPREAD_Z), env.get(LOCUS_FWHM_Z), env.get(LOCUS_PROFILE_Z),
                        env.get(LOCUS_CIRCULARITY_Z), env.get(LOCUS_ELONGATION_Z)));
    }

    public static List<Setting<?>> all() {
        return List.of(MORPH_ENABLED, SHAPE_ENABLED, GSC_ENABLED, SKYBOT_ENABLED, SCOS_ENABLED, PTF_ENABLED,
                VSX_ENABLED, DEC_ENABLED, CDS_XMATCH_URL, SKYBOT_URL, GAVO_TAP_URL, IRSA_TAP_URL,
                MATCH_RADIUS_ARCSEC, SKYBOT_WIDE_ARCSEC, SKYBOT_CONE_ARCSEC, DEC_MIN, MORPH_FWHM_RATIO_MAX,
                MORPH_SPREAD_SNR_MAX, MORPH_MIN_PSF_STARS, SHAPE_PROFILE_DIFF_MAX, SHAPE_ELONGATION_MAX,
                SHAPE_CIRCULARITY_MIN, LOCUS_SPREAD_Z, LOCUS_FWHM_Z, LOCUS_PROFILE_Z, LOCUS_CIRCULARITY_Z,
                LOCUS_ELONGATION_Z, UPLOAD_ROWS, HTTP_TIMEOUT, HTTP_ATTEMPTS, HTTP_BACKOFF, REQUESTS_PER_SECOND,
                BATCH_WINDOW, BATCH_MAX_CANDIDATES);
    }
}
