package org.vasco.veto;

import java.util.List;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;
import org.vasco.common.late.LateCuts;
import org.vasco.common.late.LateFilterThresholds;
import org.vasco.common.late.SpikeRules;

/**
 * The settings of the cuts the veto step runs first on each tile, after measurement: the late filters
 * (SPEC §6.6–6.7) and the bright-star spike cut (SPEC §6.8), defaulting to the reference release's values.
 * The names are those step 4 always had; {@code vasco process} reads the same ones.
 */
public final class LateCutSettings {

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
    private LateCutSettings() {
    }

    public static List<Setting<?>> all() {
        return List.of(SNR_MIN, SPREAD_MODEL_MIN, FWHM_MIN, FWHM_MAX, ELONGATION_MAX, EXTENT_DELTA_MAX, EXTENT_MIN,
                SIGMA_CLIP_K, SPIKE_SEARCH_ARCSEC, SPIKE_BRIGHT_MAG, SPIKE_CONST_MAG, SPIKE_LINE_SLOPE, SPIKE_LINE_INTERCEPT);
    }

    /**
     * The late cuts from the environment.
     *
     * @throws org.vasco.common.config.ConfigurationException naming the setting when a value does not parse
     * @throws IllegalArgumentException when the values are inconsistent (e.g. an empty FWHM window)
     */
    public static LateCuts lateCuts(Environment env) {
        LateFilterThresholds late = new LateFilterThresholds(env.get(SNR_MIN), env.get(SPREAD_MODEL_MIN),
                env.get(FWHM_MIN), env.get(FWHM_MAX), env.get(ELONGATION_MAX), env.get(EXTENT_DELTA_MAX),
                env.get(EXTENT_MIN), env.get(SIGMA_CLIP_K));
        SpikeRules spikes = new SpikeRules(env.get(SPIKE_SEARCH_ARCSEC), env.get(SPIKE_BRIGHT_MAG), env.get(SPIKE_CONST_MAG),
                env.get(SPIKE_LINE_SLOPE), env.get(SPIKE_LINE_INTERCEPT));
        return new LateCuts(late, spikes);
    }
}
