package org.vasco.xmatch;

import java.util.List;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;
import org.vasco.xmatch.science.CatalogueVetoParameters;
import org.vasco.xmatch.science.WcsfixConfig;

/**
 * The step-4 science settings up to the veto (SPEC §7, §14; the late-filter and spike settings belong to the veto
 * worker, which runs those cuts), defaulting to the reference release's values. The
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
    public static final Setting<Double> HPM_ARCSEC = Setting.decimal("VASCO_HPM_ARCSEC", 5,
            "Flag a Gaia-matched detection whose star at the plate epoch lies farther than this from its raw position");

    private XmatchSettings() {
    }

    public static List<Setting<?>> all() {
        return List.of(CIRCLE_ARCMIN, XMATCH_RADIUS_ARCSEC, WCSFIX_BOOTSTRAP_ARCSEC, WCSFIX_DEGREE, WCSFIX_MIN_MATCHES,
                WCSFIX_FALLBACK, WCSFIX_FALLBACK_BOOTSTRAP_ARCSEC, WCSFIX_FALLBACK_DEGREE, WCSFIX_FALLBACK_MIN_MATCHES,
                WCSFIX_ITERATIONS, HPM_ARCSEC);
    }

    /**
     * The step-4 parameters from the environment.
     *
     * @throws org.vasco.common.config.ConfigurationException naming the setting when a value does not parse
     * @throws IllegalArgumentException when the values are inconsistent (e.g. an empty FWHM window)
     */
    public static CatalogueVetoParameters catalogueVetoParameters(Environment env) {
        WcsfixConfig primary = new WcsfixConfig(env.get(WCSFIX_BOOTSTRAP_ARCSEC), env.get(WCSFIX_DEGREE),
                env.get(WCSFIX_MIN_MATCHES));
        WcsfixConfig fallback = env.get(WCSFIX_FALLBACK)
                ? new WcsfixConfig(env.get(WCSFIX_FALLBACK_BOOTSTRAP_ARCSEC), env.get(WCSFIX_FALLBACK_DEGREE),
                        env.get(WCSFIX_FALLBACK_MIN_MATCHES))
                : null;
        return new CatalogueVetoParameters(env.get(CIRCLE_ARCMIN), env.get(XMATCH_RADIUS_ARCSEC), primary, fallback,
                env.get(WCSFIX_ITERATIONS), env.get(HPM_ARCSEC));
    }
}
