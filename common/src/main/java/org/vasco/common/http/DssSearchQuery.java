package org.vasco.common.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The query of STScI's {@code dss_search} cut-out service (SPEC §3.1), in the reference's parameter order: survey,
 * RA normalised to [0, 360) and Dec clamped to [-90, 90] with 6 decimals, the size with 2 decimals, FITS,
 * uncompressed, J2000. The download step asks for {@link #POSS1_RED}; the review page for {@link #POSS2_RED}, the
 * second epoch of the same sky, through the same endpoint.
 */
public final class DssSearchQuery {

    /** The {@code v} value that selects the POSS-I E (red) plates. */
    public static final String POSS1_RED = "poss1_red";
    /** The {@code v} value of DSS2 red: POSS-II F in the north, UK Schmidt SES/AAO-R in the south (1985–2000). */
    public static final String POSS2_RED = "poss2ukstu_red";

    private DssSearchQuery() {
    }

    /**
     * @param survey the {@code v} parameter, e.g. {@link #POSS1_RED}
     * @throws IllegalArgumentException when the centre is not finite
     */
    public static Map<String, String> of(String survey, double raDeg, double decDeg, double sizeArcmin) {
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg)) {
            throw new IllegalArgumentException("A cut-out centre must be finite, was (" + raDeg + ", " + decDeg + ")");
        }
        double ra = raDeg % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        String raText = String.format(Locale.ROOT, "%.6f", ra);
        if (raText.equals("360.000000")) {
            raText = "0.000000";
        }
        double dec = Math.max(-90.0, Math.min(90.0, decDeg));
        String size = String.format(Locale.ROOT, "%.2f", sizeArcmin);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("v", survey);
        q.put("r", raText);
        q.put("d", String.format(Locale.ROOT, "%.6f", dec));
        q.put("e", "J2000");
        q.put("h", size);
        q.put("w", size);
        q.put("f", "fits");
        q.put("c", "none");
        q.put("fov", "NONE");
        q.put("v3", "");
        return q;
    }
}
