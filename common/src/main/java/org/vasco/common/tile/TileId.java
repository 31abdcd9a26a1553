package org.vasco.common.tile;

import java.util.Locale;
import java.util.regex.Pattern;
import org.vasco.common.text.UntrustedText;

/**
 * A tile identifier of the tessellation plan, {@code tile_RA<ra>_DEC<p|m><|dec|>} with three decimals
 * (SPEC §2.3). Every tile id that reaches a path, a SQL statement or a URL goes through this type, so
 * the strict pattern is the only gate: no path traversal, no shell or SQL metacharacters can pass.
 */
public record TileId(String value) implements Comparable<TileId> {

    /** The locked naming convention of the reference (its validator's regex). */
    public static final Pattern PATTERN = Pattern.compile("^tile_RA[0-9]+\\.[0-9]{3}_DEC[pm][0-9]+\\.[0-9]{3}$");

    public TileId {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid tile id " + UntrustedText.quoted(value)
                    + ": expected tile_RA<ddd.ddd>_DEC<p|m><dd.ddd>, e.g. tile_RA130.013_DECp33.081");
        }
    }

    public static TileId of(String value) {
        return new TileId(value);
    }

    /**
     * Formats a tile id from a centre: RA normalised to [0,360), Dec clamped to [-90,90], 3 decimals.
     * Like the reference, the sign letter follows the unrounded Dec, so -0.0004 formats as {@code DECm0.000}.
     */
    public static TileId fromCentre(double raDeg, double decDeg) {
        double ra = raDeg % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        double dec = Math.max(-90.0, Math.min(90.0, decDeg));
        String raText = String.format(Locale.ROOT, "%.3f", ra);
        if (raText.equals("360.000")) {
            raText = "0.000";
        }
        char sign = dec >= 0 ? 'p' : 'm';
        return new TileId("tile_RA" + raText + "_DEC" + sign + String.format(Locale.ROOT, "%.3f", Math.abs(dec)));
    }

    /** The RA encoded in the id, degrees. */
    public double raDeg() {
        return Double.parseDouble(value.substring(7, value.indexOf("_DEC")));
    }

    /** The Dec encoded in the id, degrees. */
    public double decDeg() {
        int at = value.indexOf("_DEC") + 4;
        double magnitude = Double.parseDouble(value.substring(at + 1));
        return value.charAt(at) == 'm' ? -magnitude : magnitude;
    }

    @Override
    public int compareTo(TileId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
