package org.vasco.download;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.AstrometryHeaderException;

/**
 * Decides whether a DSS reply is a usable POSS-I E cut-out, with the checks of SPEC §3.2 in their order:
 * <ol>
 *   <li>it is a complete FITS file: after gunzipping a body that starts with the gzip magic {@code 1F 8B},
 *       at least one 2880-byte block starting with {@code SIMPLE  =  T}, a whole number of blocks, an
 *       {@code END} card, and at least the data its header declares — else {@link Outcome#REJECT_NON_FITS};</li>
 *   <li>it has image axes and usable astrometry: {@code NAXIS1}, {@code NAXIS2} and either an explicit
 *       CD/CDELT WCS or a DSS plate polynomial that {@link org.vasco.common.sky.PlateAstrometry} can
 *       load (all keys, finite and consistent values) — else {@link Outcome#REJECT_NON_WCS}.
 *       (The reference only asked for {@code CRVAL1/2}; a header without a solution would fail later in
 *       extraction instead, so it is rejected here, once, with a clear reason.);</li>
 *   <li>{@code SURVEY} is exactly {@code POSSI-E} — else {@link Outcome#NOT_POSS1_E}, a final skip, not a failure.
 *       (The reference's intermediate "contains POSS" check is subsumed by this exact one.)</li>
 *   <li>it has a plate epoch: {@code DATE-OBS} (or, without it, {@code DATE-AVG}) that {@link PlateEpoch} reads,
 *       overflowed times normalised (SPEC §6.1 item 3) — else {@link Outcome#REJECT_DATE_OBS}. The reference
 *       only noticed a bad date in step 4; rejecting it here names the header instead of failing a later step.</li>
 * </ol>
 * A declared data size is computed, never allocated, so a header claiming absurd axes costs nothing; a gzip
 * body is inflated only as far as its header declares (so a small "gzip bomb" cannot fill the heap), and the
 * bytes after the primary HDU of a gzip body are not kept (DSS sends none). Stateless and thread-safe.
 */
public final class CutoutAcceptance {

    /** The plate series this pipeline works on. */
    public static final String POSS1_E = "POSSI-E";
    /**
     * Largest cut-out accepted, decompressed: a 60' POSS-I cut-out (1.7"/px, 16 bit) is ~9 MB and one of a
     * 1"/px POSS-II scan ~26 MB, so 64 MB leaves room while bounding what a lying header can make us hold.
     */
    static final long MAX_CUTOUT_BYTES = 64L * 1024 * 1024;
    /** Most header blocks read from a gzip body while looking for {@code END} (a DSS header has 2–3). */
    private static final int MAX_HEADER_BLOCKS = 100;

    /** What the reply is. */
    public enum Outcome {
        ACCEPTED, REJECT_NON_FITS, REJECT_NON_WCS, NOT_POSS1_E, REJECT_DATE_OBS
    }

    /**
     * The judgement of one reply.
     *
     * @param outcome the decision
     * @param detail  why, in words naming what was found (for the step's error message)
     * @param fits    the FITS bytes after gunzipping (the body as received when it is not FITS)
     * @param header  the primary header, or null when the body is not FITS
     * @param astrometry the header's astrometry, or null when it has none usable (or the body is not FITS)
     */
    public record Verdict(Outcome outcome, String detail, byte[] fits, CutoutHeader header, CutoutAstrometry astrometry) {
        public Verdict {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(fits, "fits");
        }

        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    public Verdict judge(byte[] body) {
        if (body == null || body.length == 0) {
            return nonFits(new byte[0], "the body is empty");
        }
        byte[] fits = body;
        if (body.length >= 2 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B) {
            try {
                fits = gunzip(body);
            } catch (IOException e) {
                return nonFits(body, "the gzip body does not decompress: " + e.getMessage());
            }
        }
        String fitsProblem = fitsProblem(fits);
        if (fitsProblem != null) {
            return nonFits(fits, fitsProblem);
        }
        CutoutHeader header;
        try {
            header = CutoutHeader.read(fits);
        } catch (IllegalArgumentException e) {
            return nonFits(fits, "the FITS header is unreadable: " + e.getMessage());
        }
        String dataProblem = dataProblem(header, fits.length);
        if (dataProblem != null) {
            return new Verdict(Outcome.REJECT_NON_FITS, dataProblem, fits, header, null);
        }
        long naxis1 = header.integer("NAXIS1").orElse(0);
        long naxis2 = header.integer("NAXIS2").orElse(0);
        if (naxis1 < 1 || naxis2 < 1) {
            return new Verdict(Outcome.REJECT_NON_WCS, "the header has no 2-D image (NAXIS1=" + header.text("NAXIS1")
                    + ", NAXIS2=" + header.text("NAXIS2") + ")", fits, header, null);
        }
        CutoutAstrometry astrometry;
        try {
            astrometry = CutoutAstrometry.measure(header, "the cut-out header");
        } catch (AstrometryHeaderException e) {
            return new Verdict(Outcome.REJECT_NON_WCS, "no usable astrometry, neither a CD/CDELT WCS nor a DSS plate"
                    + " polynomial: " + e.getMessage(), fits, header, null);
        }
        if (!header.survey().equals(POSS1_E)) {
            return new Verdict(Outcome.NOT_POSS1_E, "SURVEY is '" + header.survey() + "', not " + POSS1_E
                    + " (plate " + header.text("REGION") + ")", fits, header, astrometry);
        }
        String epochProblem = epochProblem(header);
        if (epochProblem != null) {
            return new Verdict(Outcome.REJECT_DATE_OBS, epochProblem, fits, header, astrometry);
        }
        return new Verdict(Outcome.ACCEPTED, String.format(Locale.ROOT, "%s plate %s, %dx%d px, astrometry %s",
                POSS1_E, header.text("REGION"), naxis1, naxis2, astrometry.label()), fits, header, astrometry);
    }

    /** Why the header gives no plate epoch, or null when DATE-OBS (else DATE-AVG) parses. */
    private static String epochProblem(CutoutHeader header) {
        String key = header.text("DATE-OBS") != null ? "DATE-OBS" : "DATE-AVG";
        String value = header.text(key);
        if (value == null) {
            return "the header has neither DATE-OBS nor DATE-AVG: the plate epoch is unknown";
        }
        try {
            PlateEpoch.parse(value);
            return null;
        } catch (IllegalArgumentException e) {
            return "no plate epoch: " + key + " '" + value + "' cannot be read (" + e.getMessage() + ")";
        }
    }

    private static Verdict nonFits(byte[] body, String detail) {
        return new Verdict(Outcome.REJECT_NON_FITS, detail, body, null, null);
    }

    private static String fitsProblem(byte[] fits) {
        if (!startsWithSimple(fits)) {
            return "the body is not FITS (" + fits.length + " bytes starting " + preview(fits) + ")";
        }
        if (fits.length < CutoutHeader.BLOCK) {
            return "the body is shorter than one FITS block (" + fits.length + " bytes): truncated";
        }
        if (fits.length % CutoutHeader.BLOCK != 0) {
            return "the body is " + fits.length + " bytes, not a whole number of 2880-byte FITS blocks: truncated";
        }
        return null;
    }

    private static boolean startsWithSimple(byte[] fits) {
        if (fits.length < 30) {
            return false;
        }
        String card = new String(fits, 0, 30, StandardCharsets.US_ASCII);
        return card.startsWith("SIMPLE  =") && card.substring(9).trim().equals("T");
    }

    /** Checks the declared data size against the body, in long arithmetic and without allocating it. */
    private static String dataProblem(CutoutHeader header, long bodyBytes) {
        DeclaredData declared = DeclaredData.of(header);
        if (declared.problem() != null) {
            return declared.problem();
        }
        long needed = header.headerBytes() + declared.paddedBytes();
        if (bodyBytes < needed) {
            return "the header declares " + declared.bytes() + " bytes of data but the body holds only "
                    + (bodyBytes - header.headerBytes()) + " after the header: truncated";
        }
        return null;
    }

    /**
     * The data size a header declares: {@code |BITPIX|/8 · ΠNAXISn}, padded to whole blocks, or why it has none.
     *
     * @param bytes       declared data bytes
     * @param paddedBytes the same rounded up to whole 2880-byte blocks
     * @param problem     null, or what is wrong (invalid BITPIX/NAXIS, an overflowing product, more than any cut-out)
     */
    private record DeclaredData(long bytes, long paddedBytes, String problem) {

        static DeclaredData of(CutoutHeader header) {
            long bitpix = header.integer("BITPIX").orElse(0);
            if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
                return failed("the header has no valid BITPIX (found " + header.text("BITPIX") + ")");
            }
            long naxis = header.integer("NAXIS").orElse(-1);
            if (naxis < 0 || naxis > 999) {
                return failed("the header has no valid NAXIS (found " + header.text("NAXIS") + ")");
            }
            long dataBytes = 0;
            try {
                if (naxis > 0) {
                    long elements = 1;
                    for (int i = 1; i <= naxis; i++) {
                        long n = header.integer("NAXIS" + i).orElse(-1);
                        if (n < 0) {
                            return failed("the header has no valid NAXIS" + i + " (found " + header.text("NAXIS" + i) + ")");
                        }
                        elements = Math.multiplyExact(elements, n);
                    }
                    dataBytes = Math.multiplyExact(elements, Math.abs(bitpix) / 8);
                }
            } catch (ArithmeticException e) {
                return failed("the header declares an impossible data size (NAXISn product overflows)");
            }
            long padded = (dataBytes + CutoutHeader.BLOCK - 1) / CutoutHeader.BLOCK * CutoutHeader.BLOCK;
            if (padded > MAX_CUTOUT_BYTES) {
                return new DeclaredData(dataBytes, padded, "the header declares " + dataBytes
                        + " bytes of data, more than any cut-out (" + MAX_CUTOUT_BYTES + ")");
            }
            return new DeclaredData(dataBytes, padded, null);
        }

        private static DeclaredData failed(String problem) {
            return new DeclaredData(0, 0, problem);
        }
    }

    /**
     * Inflates a gzip body no further than needed: header blocks until {@code END} (at most
     * {@link #MAX_HEADER_BLOCKS}), then exactly the data the header declares when that is within
     * {@link #MAX_CUTOUT_BYTES}. A body that is not FITS, or whose header is unreadable or declares too much,
     * comes back as far as it was read, for the ordinary checks to reject with their own words; what follows
     * the primary HDU is only counted, so a stream that goes on inflating is refused without being held.
     */
    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream(CutoutHeader.BLOCK * 4);
            boolean ended = false;
            for (int blocks = 0; blocks < MAX_HEADER_BLOCKS && !ended; blocks++) {
                byte[] block = in.readNBytes(CutoutHeader.BLOCK);
                read.write(block);
                if (block.length < CutoutHeader.BLOCK || (blocks == 0 && !startsWithSimple(block))) {
                    return read.toByteArray();
                }
                ended = hasEndCard(block);
            }
            byte[] headerBytes = read.toByteArray();
            if (!ended) {
                return headerBytes;
            }
            CutoutHeader header;
            try {
                header = CutoutHeader.read(headerBytes);
            } catch (IllegalArgumentException e) {
                return headerBytes;
            }
            DeclaredData declared = DeclaredData.of(header);
            if (declared.problem() != null) {
                return headerBytes;
            }
            byte[] data = in.readNBytes((int) declared.paddedBytes());
            long trailing = in.skip(MAX_CUTOUT_BYTES);
            while (trailing < MAX_CUTOUT_BYTES && in.read() >= 0) {
                trailing += 1 + in.skip(MAX_CUTOUT_BYTES - trailing);
            }
            if (trailing >= MAX_CUTOUT_BYTES) {
                throw new IOException("it decompresses to more than " + MAX_CUTOUT_BYTES + " bytes");
            }
            byte[] fits = java.util.Arrays.copyOf(headerBytes, headerBytes.length + data.length);
            System.arraycopy(data, 0, fits, headerBytes.length, data.length);
            return fits;
        }
    }

    private static boolean hasEndCard(byte[] block) {
        for (int at = 0; at + 80 <= block.length; at += 80) {
            if (new String(block, at, 8, StandardCharsets.US_ASCII).trim().equals("END")) {
                return true;
            }
        }
        return false;
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 60), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7E]", "?").replaceAll("\\s+", " ").trim();
        return "'" + text + "'";
    }
}
