package org.vasco.xmatch.science;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vasco.common.sky.TanProjection;
import org.vasco.common.summary.QualityFigure;

/**
 * The outcome of WCSFIX (SPEC §6.4) for one tile, recorded whether it succeeded or not. The model
 * lives in the tangent plane of the tile centre: {@code coefRa} predicts the Gaia − detection offset
 * along ξ (east, i.e. ΔRA·cos δ) and {@code coefDe} along η (north), both in degrees, as polynomials
 * of the detection's (ξ, η) in degrees.
 *
 * @param ok                  true when a correction was fitted and is applied
 * @param reason              "ok", or why not (the raw positions are then used)
 * @param fallbackUsed        true when the fallback configuration produced this result
 * @param bootstrapArcsec     tie-point radius of the configuration that produced it
 * @param degree              polynomial degree
 * @param minMatches          required tie points
 * @param centreRaDeg         tangent point (tile centre)
 * @param centreDecDeg        tangent point
 * @param tiePoints           one-to-one detection–Gaia pairs within the bootstrap radius
 * @param iterations          clipping iterations run
 * @param kept                tie points in the final fit
 * @param dropped             tie points clipped
 * @param sigmaArcsec         1.4826·MAD of the residuals in the last iteration (true arcsec)
 * @param clipThresholdArcsec residual limit of the last iteration
 * @param coefRa              ξ-offset coefficients (empty unless ok)
 * @param coefDe              η-offset coefficients (empty unless ok)
 */
public record WcsfixResult(boolean ok, String reason, boolean fallbackUsed, double bootstrapArcsec, int degree,
                           int minMatches, double centreRaDeg, double centreDecDeg, int tiePoints, int iterations,
                           int kept, int dropped, double sigmaArcsec, double clipThresholdArcsec,
                           double[] coefRa, double[] coefDe) {

    public WcsfixResult {
        coefRa = coefRa.clone();
        coefDe = coefDe.clone();
        if (ok && (coefRa.length != PolynomialFit.terms(degree) || coefDe.length != PolynomialFit.terms(degree))) {
            throw new IllegalArgumentException("a successful WCSFIX needs " + PolynomialFit.terms(degree) + " coefficients per axis");
        }
    }

    @Override
    public double[] coefRa() {
        return coefRa.clone();
    }

    @Override
    public double[] coefDe() {
        return coefDe.clone();
    }

    /**
     * The corrected position {RA_corr, Dec_corr} of a detection; the input unchanged when the fit
     * failed, NaN when the position is not finite.
     */
    public double[] correct(double raDeg, double decDeg) {
        if (!ok) {
            return new double[] {raDeg, decDeg};
        }
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        TanProjection tan = new TanProjection(centreRaDeg, centreDecDeg);
        double[] p = tan.project(raDeg, decDeg);
        double dXi = PolynomialFit.evaluate(coefRa, degree, p[0], p[1]);
        double dEta = PolynomialFit.evaluate(coefDe, degree, p[0], p[1]);
        return tan.deproject(p[0] + dXi, p[1] + dEta);
    }

    /** The status as an ordered map with the reference's {@code wcsfix_status.json} names (for jsonb). */
    public Map<String, Object> toMap() {
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("iters", iterations);
        fit.put("kept", kept);
        fit.put("dropped", dropped);
        fit.put(QualityFigure.WCSFIX_SIGMA_ARCSEC.key(), finiteOrNull(sigmaArcsec));
        fit.put("clip_thr_arcsec", finiteOrNull(clipThresholdArcsec));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(QualityFigure.WCSFIX_OK.key(), ok);
        m.put("reason", reason);
        m.put("fallback_used", fallbackUsed);
        m.put("bootstrap_radius_arcsec", bootstrapArcsec);
        m.put("degree", degree);
        m.put("min_matches", minMatches);
        m.put("tile_center_ra", centreRaDeg);
        m.put("tile_center_dec", centreDecDeg);
        m.put("model", "tangent-plane offsets (cos δ applied), degrees");
        m.put(QualityFigure.WCSFIX_TIE_POINTS.key(), tiePoints);
        m.put(QualityFigure.WCSFIX_FIT.key(), fit);
        m.put("coef_ra", Arrays.stream(coefRa).boxed().toList());
        m.put("coef_de", Arrays.stream(coefDe).boxed().toList());
        return m;
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
