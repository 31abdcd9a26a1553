package org.vasco.xmatch;

import java.util.List;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;
import org.vasco.xmatch.science.LateFilterThresholds;
import org.vasco.xmatch.science.SpikeRules;
import org.vasco.xmatch.science.Step4Parameters;
import org.vasco.xmatch.science.WcsfixConfig;

/**
 * The step-4 science settings (SPEC §7, §14), defaulting to the reference release's values. The
 * reference's names are kept where it had them (VASCO_CIRCLE_ARCMIN, VASCO_WCSFIX_*); note that our
 * circle default is the release's 30′, not the reference code's 0.
 */
public final class XmatchSettings {

    public static final Setting<Double> CIRCLE_ARCMIN = Setting.decimal("VASCO_CIRCLE_ARCMIN", 30,
            "Keep detections within this many arcmin of the tile centre; 0 switches the circle cut off");
    public static final Setting<Double> XMATCH_RADIUS_ARCSEC = Setting.decimal("VASCO_XMATCH_RADIUS_ARCSEC", 5,
            "A detection is vetoed when any Gaia, PS1 or USNO-B source lies within this many arcsec");
    public static final Setting<Double> WCSFIX_BOOTSTRAP_ARCSEC = Setting.decimal("VASCO_WCSFIX_BOOTSTRAP_ARCSEC", 5,
            "WCSFIX tie-point radius, arcsec");
    public static final Setting<Integer> WCSFIX_DEGREE = Setting.integer("VASCO_WCSFIX_DEGREE", 2,
            "WCSFIX polynomial degree (1 or 2)");
    public static final Setting<Integer> WCSFIX_MIN_MATCHES = Setting.integer("VASCO_WCSFIX_MIN_MATCHES", 20,
            "WCSFIX fails with fewer tie points than this");
    public static final Setting<Boolean> WCSFIX_FALLBACK = Setting.flag("VASCO_WCSFIX_FALLBACK", true,
            "Retry WCSFIX with the fallback configuration when there are too few tie points");
    public static final Setting<Double> WCSFIX_FALLBACK_BOOTSTRAP_ARCSEC = Setting.decimal(
            "VASCO_WCSFIX_FALLBACK_BOOTSTRAP_ARCSEC", 15, "WCSFIX fallback tie-point radius, arcsec");
    public static final Setting<Integer> WCSFIX_FALLBACK_DEGREE = Setting.integer("VASCO_WCSFIX_FALLBACK_DEGREE", 1,
            "WCSFIX fallback polynomial degree");
    public static final Setting<Integer> WCSFIX_FALLBACK_MIN_MATCHES = Setting.integer("VASCO_WCSFIX_FALLBACK_MIN_MATCHES", 10,
            "WCSFIX fallback minimum tie points");
    public static final Setting<Integer> WCSFIX_ITERATIONS = Setting.integer("VASCO_WCSFIX_ITERATIONS", 3,
            "WCSFIX clipping iterations");
    public static final Setting<Double> SNR_MIN = Setting.decimal("VASCO_SNR_MIN", 30, "Late filter: keep SNR_WIN > this");
    public static final Setting<Double> SPREAD_MODEL_MIN = Setting.decimal("VASCO_SPREAD_MODEL_MIN", -0.002,
            "Late filter: keep SPREAD_MODEL > this");
    public static final Setting<Double> FWHM_MIN = Setting.decimal("VASCO_FWHM_MIN", 2, "Late filter: keep FWHM_IMAGE > this (px)");
    public static final Setting<Double> FWHM_MAX = Setting.decimal("VASCO_FWHM_MAX", 7, "Late filter: keep FWHM_IMAGE < this (px)");
    public static final Setting<Double> ELONGATION_MAX = Setting.decimal("VASCO_ELONGATION_MAX", 1.3,
            "Late filter: keep ELONGATION < this");
    public static final Setting<Double> EXTENT_DELTA_MAX = Setting.decimal("VASCO_EXTENT_DELTA_MAX", 2,
            "Late filter: keep |dx - dy| < this, with dx, dy the pixel extents (px)");
    public static final Setting<Double> EXTENT_MIN = Setting.decimal("VASCO_EXTENT_MIN", 1,
            "Late filter: keep dx > this and dy > this (px)");
    public static final Setting<Double> SIGMA_CLIP_K = Setting.decimal("VASCO_SIGMA_CLIP_K", 2,
            "Late filter: keep FWHM and ELONGATION within k x 1.4826 x MAD of the median");
    public static final Setting<Double> SPIKE_SEARCH_ARCSEC = Setting.decimal("VASCO_SPIKE_SEARCH_ARCSEC", 90,
            "Bright-star cut: only the nearest bright star within this many arcsec counts");
    public static final Setting<Double> SPIKE_BRIGHT_MAG = Setting.decimal("VASCO_SPIKE_BRIGHT_MAG", 16,
            "Bright-star cut: PS1 stars with r at most this are bright stars");
    public static final Setting<Double> SPIKE_CONST_MAG = Setting.decimal("VASCO_SPIKE_CONST_MAG", 12.4,
            "Bright-star cut CONST rule: reject when the star's r <= this");
    public static final Setting<Double> SPIKE_LINE_SLOPE = Setting.decimal("VASCO_SPIKE_LINE_SLOPE", -0.09,
            "Bright-star cut LINE rule: reject when r < slope x d[arcsec] + intercept");
    public static final Setting<Double> SPIKE_LINE_INTERCEPT = Setting.decimal("VASCO_SPIKE_LINE_INTERCEPT", 15.3,
            "Bright-star cut LINE rule intercept");
    public static final Setting<Double> HPM_ARCSEC = Setting.decimal("VASCO_HPM_ARCSEC", 5,
            "Flag a Gaia-matched detection whose star at the plate epoch lies farther than this from its raw position");

    private XmatchSettings() {
    }

    public static List<Setting<?>> all() {
        return List.of(CIRCLE_ARCMIN, XMATCH_RADIUS_ARCSEC, WCSFIX_BOOTSTRAP_ARCSEC, WCSFIX_DEGREE, WCSFIX_MIN_MATCHES,
                WCSFIX_FALLBACK, WCSFIX_FALLBACK_BOOTSTRAP_ARCSEC, WCSFIX_FALLBACK_DEGREE, WCSFIX_FALLBACK_MIN_MATCHES,
                WCSFIX_ITERATIONS, SNR_MIN, SPREAD_MODEL_MIN, FWHM_MIN, FWHM_MAX, ELONGATION_MAX, EXTENT_DELTA_MAX,
                EXTENT_MIN, SIGMA_CLIP_K, SPIKE_SEARCH_ARCSEC, SPIKE_BRIGHT_MAG, SPIKE_CONST_MAG, SPIKE_LINE_SLOPE,
                SPIKE_LINE_INTERCEPT, HPM_ARCSEC);
    }

    /**
     * The step-4 parameters from the environment.
     *
     * @throws org.vasco.common.config.ConfigurationException naming the setting when a value does not parse
     * @throws IllegalArgumentException when the values are inconsistent (e.g. an empty FWHM window)
     */
    public static Step4Parameters step4Parameters(Environment env) {
        WcsfixConfig primary = new WcsfixConfig(env.get(WCSFIX_BOOTSTRAP_ARCSEC), env.get(WCSFIX_DEGREE),
                env.get(WCSFIX_MIN_MATCHES));
        WcsfixConfig fallback = env.get(WCSFIX_FALLBACK)
                ? new WcsfixConfig(env.get(WCSFIX_FALLBACK_BOOTSTRAP_ARCSEC), env.get(WCSFIX_FALLBACK_DEGREE),
                        env.get(WCSFIX_FALLBACK_MIN_MATCHES))
                : null;
        LateFilterThresholds late = new LateFilterThresholds(env.get(SNR_MIN), env.get(SPREAD_MODEL_MIN),
                env.get(FWHM_MIN), env.get(FWHM_MAX), env.get(ELONGATION_MAX), env.get(EXTENT_DELTA_MAX),
                env.get(EXTENT_MIN), env.get(SIGMA_CLIP_K));
        SpikeRules spikes = new SpikeRules(env.get(SPIKE_SEARCH_ARCSEC), env.get(SPIKE_BRIGHT_MAG), env.get(SPIKE_CONST_MAG),
                env.get(SPIKE_LINE_SLOPE), env.get(SPIKE_LINE_INTERCEPT));
        return new Step4Parameters(env.get(CIRCLE_ARCMIN), env.get(XMATCH_RADIUS_ARCSEC), primary, fallback,
                env.get(WCSFIX_ITERATIONS), late, spikes, env.get(HPM_ARCSEC));
    }
}
