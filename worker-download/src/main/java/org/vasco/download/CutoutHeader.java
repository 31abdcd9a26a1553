package org.vasco.download;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The primary header of a cut-out: its keyword/value cards, in order, values as text (string values
 * unquoted), and how many bytes the header occupies (a multiple of 2880). Read by hand rather than
 * with nom-tam-fits so that judging a reply never allocates its data and never touches the library's
 * process-global settings. Immutable.
 *
 * @param cards       keyword → value text; the first card of a repeated keyword wins
 * @param headerBytes size of the header including its padding to a whole 2880-byte block
 */
public record CutoutHeader(Map<String, String> cards, int headerBytes) {

    static final int BLOCK = 2880;
    private static final int CARD = 80;

    /** The header keys kept in the registry and the sidecar (SPEC §3.3), in the reference's order. */
    public static final List<String> SELECTED_KEYS = List.of("SURVEY", "PLATEID", "PLATE-ID", "PLATE", "DATE-OBS", "RA",
            "DEC", "EQUINOX", "MJD-OBS", "NAXIS1", "NAXIS2", "CD1_1", "CD1_2", "CD2_1", "CD2_2", "CDELT1", "CDELT2",
            "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2");

    /** Keys of the explicit CD-matrix TAN solution (the one SExtractor uses). */
    private static final List<String> CD_KEYS = List.of("CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2", "CD2_1", "CD2_2");
    private static final List<String> CDELT_KEYS = List.of("CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CDELT1", "CDELT2");
    /** Keys a DSS/GSSS plate polynomial solution cannot do without (plate centre, scale, pixel size, centre offset, terms). */
    private static final List<String> DSS_KEYS = List.of("PLTRAH", "PLTRAM", "PLTRAS", "PLTDECD", "PLTDECM",
            "PLTDECS", "PLTSCALE", "XPIXELSZ", "YPIXELSZ", "PPO3", "PPO6",
            "AMDX1", "AMDX2", "AMDX3", "AMDX4", "AMDX5", "AMDX6", "AMDY1", "AMDY2", "AMDY3", "AMDY4", "AMDY5", "AMDY6");

    public CutoutHeader {
        cards = Collections.unmodifiableMap(new LinkedHashMap<>(cards));
    }

    /**
     * Reads the header at the start of a FITS file.
     *
     * @throws IllegalArgumentException when no {@code END} card comes before the body ends, or a card is not ASCII
     */
    static CutoutHeader read(byte[] fits) {
        Map<String, String> cards = new LinkedHashMap<>();
        for (int at = 0; at + CARD <= fits.length; at += CARD) {
            for (int i = at; i < at + CARD; i++) {
                if (fits[i] < 0x20 || fits[i] > 0x7E) {
                    throw new IllegalArgumentException("header card " + (at / CARD + 1) + " holds a non-ASCII byte");
                }
            }
            String card = new String(fits, at, CARD, StandardCharsets.US_ASCII);
            String key = card.substring(0, 8).trim();
            if (key.equals("END")) {
                int used = at + CARD;
                return new CutoutHeader(cards, (used + BLOCK - 1) / BLOCK * BLOCK);
            }
            if (card.startsWith("= ", 8) && !key.isEmpty()) {
                cards.putIfAbsent(key, value(card.substring(10)));
            }
        }
        throw new IllegalArgumentException("no END card in the first " + fits.length + " bytes (header cut short)");
    }

    private static String value(String field) {
        String f = field.stripLeading();
        if (f.startsWith("'")) {
            StringBuilder s = new StringBuilder();
            for (int i = 1; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c == '\'') {
                    if (i + 1 < f.length() && f.charAt(i + 1) == '\'') {
                        s.append('\'');
                        i++;
                    } else {
                        break;
                    }
                } else {
                    s.append(c);
                }
            }
            return s.toString().stripTrailing();
        }
        int slash = f.indexOf('/');
        return (slash >= 0 ? f.substring(0, slash) : f).trim();
    }

    /** The value text of a keyword, or null when absent. */
    public String text(String key) {
        return cards.get(key);
    }

    /** The value of a keyword as a finite number (Fortran {@code D} exponents accepted), empty when absent or not a number. */
    public OptionalDouble number(String key) {
        String v = cards.get(key);
        if (v == null || v.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(v.replace('D', 'E').replace('d', 'e'));
            return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The value of an integer keyword, empty when absent or not an integer. */
    public java.util.OptionalLong integer(String key) {
        String v = cards.get(key);
        if (v == null) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** True when every key has a finite numeric value. */
    public boolean hasNumbers(List<String> keys) {
        return keys.stream().allMatch(k -> number(k).isPresent());
    }

    /** An explicit CD-matrix TAN solution (CRVAL, CRPIX, CD) with a non-singular matrix. */
    public boolean hasCdWcs() {
        return hasNumbers(CD_KEYS) && cdDeterminant() != 0;
    }

    /** An explicit CDELT solution with non-zero increments. */
    public boolean hasCdeltWcs() {
        return hasNumbers(CDELT_KEYS) && number("CDELT1").getAsDouble() != 0 && number("CDELT2").getAsDouble() != 0;
    }

    /** A DSS (GSSS) plate polynomial: plate centre (with its Dec sign), plate scale, pixel size and AMDX/AMDY terms. */
    public boolean hasDssPolynomial() {
        String sign = text("PLTDECSN");
        return sign != null && (sign.trim().equals("+") || sign.trim().equals("-")) && hasNumbers(DSS_KEYS);
    }

    /** Which astrometric solutions the header carries: {@code cd}, {@code cdelt}, {@code dss}, {@code cd+dss}, {@code cdelt+dss}, or null. */
    public String astrometryLabel() {
        String linear = hasCdWcs() ? "cd" : hasCdeltWcs() ? "cdelt" : null;
        boolean dss = hasDssPolynomial();
        if (linear == null) {
            return dss ? "dss" : null;
        }
        return dss ? linear + "+dss" : linear;
    }

    /**
     * The pixel scale in arcsec/px measured from the header: √|det CD| from the CD matrix, else
     * √|CDELT1·CDELT2|, else the plate polynomial's PLTSCALE (″/mm) × XPIXELSZ (µm) / 1000.
     */
    public OptionalDouble pixelScaleArcsec() {
        if (hasCdWcs()) {
            return OptionalDouble.of(Math.sqrt(Math.abs(cdDeterminant())) * 3600.0);
        }
        if (hasCdeltWcs()) {
            return OptionalDouble.of(Math.sqrt(Math.abs(number("CDELT1").getAsDouble() * number("CDELT2").getAsDouble())) * 3600.0);
        }
        if (hasDssPolynomial()) {
            return OptionalDouble.of(number("PLTSCALE").getAsDouble() * number("XPIXELSZ").getAsDouble() / 1000.0);
        }
        return OptionalDouble.empty();
    }

    private double cdDeterminant() {
        return number("CD1_1").getAsDouble() * number("CD2_2").getAsDouble()
                - number("CD1_2").getAsDouble() * number("CD2_1").getAsDouble();
    }

    /** The SPEC §3.3 selection: each selected key to its value text, null when absent. */
    public Map<String, String> selected() {
        Map<String, String> s = new LinkedHashMap<>();
        for (String key : SELECTED_KEYS) {
            s.put(key, cards.get(key));
        }
        return Collections.unmodifiableMap(s);
    }

    /** The {@code SURVEY} value, trimmed, or an empty string. */
    public String survey() {
        String s = cards.get("SURVEY");
        return s == null ? "" : s.trim();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CutoutHeader[%d cards, %d bytes]", cards.size(), headerBytes);
    }
}
