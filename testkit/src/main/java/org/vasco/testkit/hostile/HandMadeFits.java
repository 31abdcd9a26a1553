package org.vasco.testkit.hostile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A FITS primary HDU written card by card, so that any header can be made — including ones no FITS library
 * would write: a BITPIX of 12, axes whose product overflows, NaN in the WCS, no {@code END} card, data cut
 * short or absent, a non-ASCII byte in a card. The starting point ({@link #possCutout}) is a small, complete
 * and acceptable POSS-I E cut-out like STScI's: 48×48 16-bit pixels (two data blocks), a CD-matrix TAN WCS at
 * 1.7″/px centred on the requested position, {@code SURVEY = 'POSSI-E'}, {@code REGION = 'XE309'} and the
 * overflowed {@code DATE-OBS} DSS headers carry. Each edit returns a new builder; {@link #bytes()} writes the
 * file. The data written are as many bytes as the header declares (a gentle gradient in the BITPIX's type)
 * unless {@link #cutTo} says otherwise.
 */
public final class HandMadeFits {

    public static final int BLOCK = 2880;
    public static final int CARD = 80;
    public static final int SIDE = 48;
    public static final double SCALE_ARCSEC = 1.7;
    static final double PIXEL_MICRON = 25.2982;
    static final int CNPIX = 1000;

    private final Map<String, String> cards;
    private final boolean end;
    private final long cutTo;
    private final int nonAsciiCard;

    private HandMadeFits(Map<String, String> cards, boolean end, long cutTo, int nonAsciiCard) {
        this.cards = cards;
        this.end = end;
        this.cutTo = cutTo;
        this.nonAsciiCard = nonAsciiCard;
    }

    /** An acceptable POSS-I E cut-out centred on the position, with a CD-matrix WCS only. */
    public static HandMadeFits possCutout(double raDeg, double decDeg) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("SIMPLE", "T");
        c.put("BITPIX", "16");
        c.put("NAXIS", "2");
        c.put("NAXIS1", Integer.toString(SIDE));
        c.put("NAXIS2", Integer.toString(SIDE));
        c.put("BZERO", "32768");
        c.put("BSCALE", "1");
        c.put("SURVEY", "'POSSI-E '");
        c.put("REGION", "'XE309   '");
        c.put("PLATEID", "'A0A1    '");
        c.put("PLTLABEL", "'E1234   '");
        c.put("DATE-OBS", "'1953-03-11T11:77:00'");
        c.put("EQUINOX", "2000.0");
        double s = SCALE_ARCSEC / 3600.0;
        c.put("CTYPE1", "'RA---TAN'");
        c.put("CTYPE2", "'DEC--TAN'");
        c.put("CRVAL1", number(raDeg));
        c.put("CRVAL2", number(decDeg));
        c.put("CRPIX1", number(SIDE / 2.0 + 0.5));
        c.put("CRPIX2", number(SIDE / 2.0 + 0.5));
        c.put("CD1_1", number(-s));
        c.put("CD1_2", number(0.0));
        c.put("CD2_1", number(0.0));
        c.put("CD2_2", number(s));
        return new HandMadeFits(c, true, -1, -1);
    }

    /**
     * Adds a DSS plate polynomial (the PLT/AMD/PPO keys) centred on the given position: with the CD WCS centred
     * on the same position the two agree within a few arcseconds; centred elsewhere they contradict each other.
     */
    public HandMadeFits withPlatePolynomial(double raDeg, double decDeg) {
        HandMadeFits f = this;
        double raHours = raDeg / 15.0;
        f = f.with("PLTRAH", Integer.toString((int) raHours)).with("PLTRAM", Integer.toString((int) ((raHours % 1) * 60)))
                .with("PLTRAS", number(((raHours * 60) % 1) * 60)).with("PLTDECSN", decDeg >= 0 ? "'+       '" : "'-       '");
        double ad = Math.abs(decDeg);
        f = f.with("PLTDECD", Integer.toString((int) ad)).with("PLTDECM", Integer.toString((int) ((ad % 1) * 60)))
                .with("PLTDECS", number(((ad * 60) % 1) * 60)).with("PLTSCALE", "67.2")
                .with("XPIXELSZ", number(PIXEL_MICRON)).with("YPIXELSZ", number(PIXEL_MICRON))
                .with("CNPIX1", Integer.toString(CNPIX)).with("CNPIX2", Integer.toString(CNPIX))
                .with("PPO3", number((SIDE / 2.0 + 0.5 + CNPIX - 0.5) * PIXEL_MICRON))
                .with("PPO6", number((SIDE / 2.0 + 0.5 + CNPIX - 0.5) * PIXEL_MICRON));
        for (int i = 1; i <= 20; i++) {
            f = f.with("AMDX" + i, i == 1 ? "67.2" : "0.0").with("AMDY" + i, i == 1 ? "67.2" : "0.0");
        }
        return f;
    }

    /** Sets (or replaces, keeping its place) a card; {@code value} is the FITS value field, e.g. {@code 16} or {@code 'text'}. */
    public HandMadeFits with(String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(cards);
        c.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new HandMadeFits(c, end, cutTo, nonAsciiCard);
    }

    /** A string-valued card, quoted as FITS quotes strings. */
    public HandMadeFits withText(String key, String text) {
        return with(key, "'" + text.replace("'", "''") + "'");
    }

    /** Removes the cards whose keyword starts with any of the prefixes. */
    public HandMadeFits without(String... prefixes) {
        Map<String, String> c = new LinkedHashMap<>();
        cards.forEach((k, v) -> {
            for (String p : prefixes) {
                if (k.startsWith(p)) {
                    return;
                }
            }
            c.put(k, v);
        });
        return new HandMadeFits(c, end, cutTo, nonAsciiCard);
    }

    /** Leaves out the {@code END} card: the header fills its blocks and never ends. */
    public HandMadeFits withoutEnd() {
        return new HandMadeFits(cards, false, cutTo, nonAsciiCard);
    }

    /** Puts a byte 0xE9 ('é' in Latin-1) into the value of the given (1-based) header card. */
    public HandMadeFits withNonAsciiByteInCard(int cardNumber) {
        return new HandMadeFits(cards, end, cutTo, cardNumber);
    }

    /** Cuts the written file to this many bytes (the file as a cut connection or a full disk leaves it). */
    public HandMadeFits cutTo(long bytes) {
        return new HandMadeFits(cards, end, bytes, nonAsciiCard);
    }

    /** Size of the header: cards plus END, padded to whole blocks. */
    public int headerBytes() {
        int count = cards.size() + (end ? 1 : 0);
        return Math.max(1, (count * CARD + BLOCK - 1) / BLOCK) * BLOCK;
    }

    /**
     * Data bytes the header declares ({@code |BITPIX|/8 · ΠNAXISn}), or -1 when the header declares no
     * writable size (an invalid BITPIX, a non-numeric or negative axis, an overflowing product, or more than 64 MB).
     */
    public long declaredDataBytes() {
        try {
            int bitpix = Integer.parseInt(cards.getOrDefault("BITPIX", "x"));
            int naxis = Integer.parseInt(cards.getOrDefault("NAXIS", "x"));
            if (bitpix % 8 != 0 || bitpix == 0 || naxis < 0 || naxis > 999) {
                return -1;
            }
            long elements = naxis == 0 ? 0 : 1;
            for (int i = 1; i <= naxis; i++) {
                long n = Long.parseLong(cards.getOrDefault("NAXIS" + i, "x"));
                if (n < 0) {
                    return -1;
                }
                elements = Math.multiplyExact(elements, n);
            }
            long bytes = Math.multiplyExact(elements, Math.abs(bitpix) / 8);
            return bytes > 64L * 1024 * 1024 ? -1 : bytes;
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /** The file: header blocks, then the declared data padded to whole blocks (none when the size is unwritable), then any cut. */
    public byte[] bytes() {
        StringBuilder header = new StringBuilder();
        cards.forEach((k, v) -> header.append(card(k, v)));
        if (end) {
            header.append(String.format(Locale.ROOT, "%-80s", "END"));
        }
        byte[] head = header.toString().getBytes(StandardCharsets.US_ASCII);
        long declared = Math.max(0, declaredDataBytes());
        long padded = (declared + BLOCK - 1) / BLOCK * BLOCK;
        byte[] file = new byte[(int) (headerBytes() + padded)];
        java.util.Arrays.fill(file, 0, headerBytes(), (byte) ' ');
        System.arraycopy(head, 0, file, 0, head.length);
        if (nonAsciiCard > 0) {
            file[(nonAsciiCard - 1) * CARD + 40] = (byte) 0xE9;
        }
        writeData(ByteBuffer.wrap(file, headerBytes(), (int) declared), declared);
        return cutTo < 0 ? file : java.util.Arrays.copyOf(file, (int) cutTo);
    }

    private void writeData(ByteBuffer out, long declared) {
        int bitpix;
        try {
            bitpix = Integer.parseInt(cards.getOrDefault("BITPIX", "x"));
        } catch (NumberFormatException e) {
            return;
        }
        int width = Math.abs(bitpix) / 8;
        if (width == 0) {
            return;
        }
        for (long i = 0; i < declared / width; i++) {
            int value = (int) (1000 + i % SIDE + i / SIDE);
            switch (bitpix) {
                case 8 -> out.put((byte) (value & 0x7F));
                case 16 -> out.putShort((short) (value - 32768));
                case 32 -> out.putInt(value);
                case 64 -> out.putLong(value);
                case -32 -> out.putFloat(value);
                case -64 -> out.putDouble(value);
                default -> {
                    return;
                }
            }
        }
    }

    private static String card(String key, String value) {
        String card = value.startsWith("'") ? String.format(Locale.ROOT, "%-8.8s= %s", key, value)
                : String.format(Locale.ROOT, "%-8.8s= %20s", key, value);
        return String.format(Locale.ROOT, "%-80.80s", card);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.12G", v);
    }

    @Override
    public String toString() {
        return "HandMadeFits" + cards;
    }
}
