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
 * unquoted), and how many bytes the header occupies (a multiple of 2880). Read by hand, card by card,
 * so that judging a reply (possibly an HTML page or a header claiming absurd axes) never allocates its
 * data. Immutable.
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
