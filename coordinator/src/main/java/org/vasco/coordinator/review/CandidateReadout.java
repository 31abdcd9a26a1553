package org.vasco.coordinator.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.catalog.SourcesAtEpoch;

/**
 * A candidate's measurements as a reviewer reads them: first the few that decide real or artefact, rounded to the
 * digits that mean something, then every other stored value, rounded by what it is. Numbers only: the strings of
 * the measurements stay text and are escaped by the page.
 *
 * @param decisive the deciding values in a fixed order (SNR_WIN, FWHM against the tile's PSF, ELONGATION,
 *                 SPREAD_MODEL, FLAGS, nearest catalogue source, nearest bright star), each present, "—" when unknown
 * @param others   every other measurement, in stored order
 */
record CandidateReadout(List<Line> decisive, List<Line> others) {

    /** One labelled value; {@code hint} says how to read it (a tooltip), empty when none. */
    record Line(String label, String value, String hint) {
    }

    /**
     * What the page knows around the candidate besides its measurements.
     *
     * @param nearestSource the nearest catalogue source at the plate epoch (recorded by the xmatch step, or computed
     *                      from the kept neighbourhoods for older candidates); null when neither is there
     */
    record Context(Double tilePsfFwhmPx, NearestCatalogueSource nearestSource,
                   SourcesAtEpoch.Placed nearestBrightStar, double brightSearchArcmin, boolean brightStars) {
    }

    /** Measurements shown among the decisive ones, not repeated among the others. */
    static final Set<String> DECISIVE_KEYS = Set.of("SNR_WIN", "FWHM_IMAGE", "ELONGATION", "SPREAD_MODEL",
            "SPREADERR_MODEL", "FLAGS");
    /** SExtractor's FLAGS bits, lowest first. */
    private static final List<String> FLAG_BITS = List.of("neighbours", "blended", "saturated", "truncated at the edge",
            "aperture incomplete", "isophote incomplete", "deblending memory overflow", "extraction memory overflow");
    private static final String UNKNOWN = "—";

    static CandidateReadout of(JsonNode m, Context context) {
        List<Line> decisive = new ArrayList<>();
        decisive.add(new Line("SNR_WIN", number(m.get("SNR_WIN"), "%.1f"), "signal-to-noise in the Gaussian window"));
        decisive.add(new Line("FWHM", fwhm(m.get("FWHM_IMAGE"), context.tilePsfFwhmPx()),
                "FWHM_IMAGE against the tile's PSFEx model: a point source is about 1×"));
        decisive.add(new Line("ELONGATION", number(m.get("ELONGATION"), "%.2f"), "A/B; 1 is round"));
        decisive.add(new Line("SPREAD_MODEL", spread(m.get("SPREAD_MODEL"), m.get("SPREADERR_MODEL")),
                "about 0 for a point source, positive when extended, negative when sharper than the PSF"));
        decisive.add(new Line("FLAGS", flags(m.get("FLAGS")), "SExtractor extraction flags"));
        decisive.add(new Line("Nearest catalogue source", nearest(context), "Gaia DR3, PS1 DR2 or USNO-B1.0, at the plate epoch"));
        decisive.add(new Line("Nearest bright star", bright(context), "PS1 r ≤ 16 (the spike cut's list)"));
        List<Line> others = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = m.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!DECISIVE_KEYS.contains(f.getKey())) {
                others.add(new Line(f.getKey(), rounded(f.getKey(), f.getValue()), ""));
            }
        }
        return new CandidateReadout(List.copyOf(decisive), List.copyOf(others));
    }

    /** A stored value rounded by what its name says it is. */
    static String rounded(String key, JsonNode v) {
        if (v == null || v.isNull()) {
            return UNKNOWN;
        }
        if (!v.isNumber()) {
            return v.isValueNode() ? v.asText() : v.toString();
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        String k = key.toUpperCase(Locale.ROOT);
        String format;
        if (k.startsWith("ALPHA") || k.startsWith("DELTA") || k.endsWith("_WORLD") || k.startsWith("RA_") || k.startsWith("DEC_")) {
            format = "%.6f"; // degrees: 0.004″
        } else if (k.endsWith("_IMAGE") || k.contains("FWHM")) {
            format = "%.2f"; // pixels
        } else if (k.startsWith("MAG")) {
            format = "%.3f";
        } else if (k.startsWith("FLUX")) {
            format = "%.1f";
        } else if (k.contains("ARCSEC") || k.contains("ARCMIN") || k.contains("DEG") || k.contains("CLASS")
                || k.contains("ELLIPTICITY")) {
            format = "%.2f";
        } else {
            return String.format(Locale.ROOT, "%.4g", v.asDouble());
        }
        return String.format(Locale.ROOT, format, v.asDouble());
    }

    private static String number(JsonNode v, String format) {
        return v != null && v.isNumber() ? String.format(Locale.ROOT, format, v.asDouble()) : UNKNOWN;
    }

    private static String fwhm(JsonNode v, Double psf) {
        if (v == null || !v.isNumber()) {
            return UNKNOWN;
        }
        double fwhm = v.asDouble();
        if (psf == null || !(psf > 0)) {
            return String.format(Locale.ROOT, "%.2f px (tile PSF unknown)", fwhm);
        }
        return String.format(Locale.ROOT, "%.2f px = %.2f× PSF %.2f px", fwhm, fwhm / psf, psf);
    }

    private static String spread(JsonNode v, JsonNode error) {
        if (v == null || !v.isNumber()) {
            return UNKNOWN;
        }
        return error != null && error.isNumber()
                ? String.format(Locale.ROOT, "%.4f ± %.4f", v.asDouble(), error.asDouble())
                : String.format(Locale.ROOT, "%.4f", v.asDouble());
    }

    private static String flags(JsonNode v) {
        if (v == null || !v.canConvertToInt()) {
            return UNKNOWN;
        }
        int flags = v.asInt();
        List<String> set = new ArrayList<>();
        for (int bit = 0; bit < FLAG_BITS.size(); bit++) {
            if ((flags & (1 << bit)) != 0) {
                set.add(FLAG_BITS.get(bit));
            }
        }
        return set.isEmpty() ? Integer.toString(flags) : flags + " (" + String.join(", ", set) + ")";
    }

    private static String nearest(Context c) {
        NearestCatalogueSource p = c.nearestSource();
        if (p == null) {
            return "no catalogue neighbourhood kept for the tile";
        }
        if (!p.found()) {
            return String.format(Locale.ROOT, "none within %.0f″", NearestCatalogueSource.SEARCH_ARCSEC);
        }
        return String.format(Locale.ROOT, "%.1f″ (%s)", p.arcsec(), label(p.catalogue()));
    }

    private static String bright(Context c) {
        if (!c.brightStars()) {
            return "no bright-star list kept for the tile";
        }
        SourcesAtEpoch.Placed p = c.nearestBrightStar();
        if (p == null) {
            return String.format(Locale.ROOT, "none within %.0f′", c.brightSearchArcmin());
        }
        return Double.isNaN(p.magnitude())
                ? String.format(Locale.ROOT, "%.2f′", p.separationArcsec() / 60.0)
                : String.format(Locale.ROOT, "%.2f′ (r %.1f)", p.separationArcsec() / 60.0, p.magnitude());
    }

    /** The catalogue's name as astronomers write it. */
    static String label(org.vasco.common.catalog.Catalogue catalogue) {
        return switch (catalogue) {
            case GAIA -> "Gaia DR3";
            case PS1 -> "PS1 DR2";
            case USNOB -> "USNO-B1.0";
            case PS1_BRIGHT -> "PS1 bright star";
        };
    }
}
