package org.vasco.testkit.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.vasco.testkit.archives.ScriptedReply;

/**
 * The DSS replies of the hostile-input corpus: bodies that are not FITS, FITS files cut at every block-boundary
 * class, headers declaring absurd sizes, every BITPIX, broken and contradictory astrometry, DATE-OBS garbage and
 * overflowed times, other surveys. Each is built in code for the tile centre it is served at (a
 * {@link org.vasco.testkit.archives.LoopbackDssServer#replyAt} reply), and carries the outcome the download step
 * must record. The reason codes are the download worker's ({@code REJECT_NON_FITS} is transient: the step fails
 * after its attempts; the others fail or skip at once).
 */
public final class HostileCutouts {

    /** Builds the reply served for a tile centre. */
    @FunctionalInterface
    public interface CutoutReply {
        ScriptedReply at(double raDeg, double decDeg);
    }

    static final String NON_FITS = "REJECT_NON_FITS";
    static final String NON_WCS = "REJECT_NON_WCS";
    static final String DATE_OBS = "REJECT_DATE_OBS";
    static final String NOT_POSS = "NOT_POSS1_E";
    private static final String FITS = "image/x-fits";

    private HostileCutouts() {
    }

    /** Every DSS case, in a stable order. */
    public static List<HostileCase<CutoutReply>> all() {
        List<HostileCase<CutoutReply>> cases = new ArrayList<>();
        nonFits(cases);
        truncated(cases);
        declaredSizes(cases);
        bitpix(cases);
        astrometry(cases);
        dates(cases);
        surveys(cases);
        return List.copyOf(cases);
    }

    private static void nonFits(List<HostileCase<CutoutReply>> cases) {
        cases.add(body("html-error-page", "HTTP 200, text/html: STScI's 'No image' page",
                (ra, dec) -> ScriptedReply.ok("text/html; charset=UTF-8", "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">"
                        + "<html><body><h1>No image</h1><p>Could not extract an image.</p></body></html>\n"),
                Expected.failed(NON_FITS, "is not FITS (")));
        cases.add(body("json-error", "HTTP 200, application/json: {\"error\": ...}",
                (ra, dec) -> ScriptedReply.ok("application/json", "{\"error\": \"service moved\", \"code\": 301}"),
                Expected.failed(NON_FITS, "starting '{\"error\"")));
        cases.add(body("empty-body", "HTTP 200, image/x-fits, no bytes",
                (ra, dec) -> ScriptedReply.ok(FITS, new byte[0]), Expected.failed(NON_FITS, "the body is empty")));
        cases.add(body("plain-text", "HTTP 200, text/plain: a proxy's maintenance note",
                (ra, dec) -> ScriptedReply.ok("text/plain", "Service temporarily unavailable, try again later.\n"),
                Expected.failed(NON_FITS, "starting 'Service temporarily")));
        cases.add(body("gzip-of-garbage", "gzip magic and a valid gzip stream of 8 kB of random bytes",
                (ra, dec) -> ScriptedReply.ok("application/x-gzip", gzip(random(8192))),
                Expected.failed(NON_FITS, "is not FITS (")));
        cases.add(body("gzip-broken-stream", "gzip magic 1F 8B followed by bytes that are no deflate stream",
                (ra, dec) -> ScriptedReply.ok("application/x-gzip", brokenGzip()),
                Expected.failed(NON_FITS, "the gzip body does not decompress")));
        cases.add(body("gzip-bomb-not-fits", "64 kB of gzip that would inflate to 64 MB of zeros",
                (ra, dec) -> ScriptedReply.ok("application/x-gzip", gzipZeros(new byte[0], 64L * 1024 * 1024)),
                Expected.failed(NON_FITS, "2880 bytes starting")));
        cases.add(body("gzip-bomb-after-header", "a valid cut-out, gzip, followed by 80 MB of inflated zeros",
                (ra, dec) -> ScriptedReply.ok("application/x-gzip",
                        gzipZeros(HandMadeFits.possCutout(ra, dec).bytes(), 80L * 1024 * 1024)),
                Expected.failed(NON_FITS, "decompresses to more than")));
        cases.add(body("simple-false", "a header starting SIMPLE = F",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("SIMPLE", "F")),
                Expected.failed(NON_FITS, "starting 'SIMPLE = F")));
        cases.add(body("non-ascii-header-byte", "byte 0xE9 inside header card 9",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).withNonAsciiByteInCard(9)),
                Expected.failed(NON_FITS, "header card 9 holds a non-ASCII byte")));
        cases.add(body("http-404", "HTTP 404 with an HTML page (the service refuses the request)",
                (ra, dec) -> new ScriptedReply(404, "text/html", "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8)),
                Expected.failed("DSS_REFUSED", "404")));
    }

    private static void truncated(List<HostileCase<CutoutReply>> cases) {
        cases.add(body("cut-mid-header-card", "a cut-out cut after 1000 bytes, inside header card 13",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).cutTo(1000)),
                Expected.failed(NON_FITS, "shorter than one FITS block (1000 bytes)")));
        cases.add(body("header-block-without-end", "one full header block whose cards never reach END, nothing else",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).withoutEnd().cutTo(HandMadeFits.BLOCK)),
                Expected.failed(NON_FITS, "no END card in the first 2880 bytes")));
        cases.add(body("data-absent", "a complete header (END, padded) and no data at all",
                (ra, dec) -> {
                    HandMadeFits f = HandMadeFits.possCutout(ra, dec);
                    return fits(f.cutTo(f.headerBytes()));
                },
                Expected.failed(NON_FITS, "declares 4608 bytes of data but the body holds only 0")));
        cases.add(body("data-short-one-block", "header complete, data one 2880-byte block short",
                (ra, dec) -> {
                    HandMadeFits f = HandMadeFits.possCutout(ra, dec);
                    return fits(f.cutTo(f.headerBytes() + HandMadeFits.BLOCK));
                },
                Expected.failed(NON_FITS, "declares 4608 bytes of data but the body holds only 2880")));
        cases.add(body("data-short-one-byte", "a complete cut-out but for its last byte",
                (ra, dec) -> {
                    HandMadeFits f = HandMadeFits.possCutout(ra, dec);
                    return fits(f.cutTo(f.bytes().length - 1));
                },
                Expected.failed(NON_FITS, "not a whole number of 2880-byte FITS blocks")));
        cases.add(body("cut-inside-data", "header complete, cut 1000 bytes into the data",
                (ra, dec) -> {
                    HandMadeFits f = HandMadeFits.possCutout(ra, dec);
                    return fits(f.cutTo(f.headerBytes() + 1000));
                },
                Expected.failed(NON_FITS, "not a whole number of 2880-byte FITS blocks")));
    }

    private static void declaredSizes(List<HostileCase<CutoutReply>> cases) {
        cases.add(body("absurd-naxis", "NAXIS1 = NAXIS2 = 2000000000 with BITPIX -64 (3.2e19 bytes declared), 1 data block sent",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("BITPIX", "-64").with("NAXIS1", "2000000000")
                        .with("NAXIS2", "2000000000")),
                Expected.failed(NON_FITS, "impossible data size (NAXISn product overflows)")));
        cases.add(body("huge-naxis", "NAXIS1 = NAXIS2 = 100000 (20 GB declared), header only",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("NAXIS1", "100000").with("NAXIS2", "100000")),
                Expected.failed(NON_FITS, "declares 20000000000 bytes of data, more than any cut-out")));
        cases.add(body("naxis-1000", "NAXIS = 1000 (the standard allows 999)",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("NAXIS", "1000")),
                Expected.failed(NON_FITS, "no valid NAXIS (found 1000)")));
        cases.add(body("negative-naxis1", "NAXIS1 = -48",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("NAXIS1", "-48")),
                Expected.failed(NON_FITS, "no valid NAXIS1 (found -48)")));
        cases.add(body("naxis1-not-a-number", "NAXIS1 = 'many'",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).withText("NAXIS1", "many")),
                Expected.failed(NON_FITS, "no valid NAXIS1 (found many)")));
        cases.add(body("naxis-zero", "NAXIS = 0: a header with no image",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("NAXIS", "0").without("NAXIS1", "NAXIS2")),
                Expected.failed(NON_WCS, "the header has no 2-D image")));
    }

    private static void bitpix(List<HostileCase<CutoutReply>> cases) {
        for (int bitpix : new int[] {8, 16, 32, 64, -32, -64}) {
            String name = "bitpix-" + (bitpix < 0 ? "minus" + -bitpix : Integer.toString(bitpix));
            cases.add(body(name, "a complete cut-out with BITPIX = " + bitpix + " and data of that type",
                    (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("BITPIX", Integer.toString(bitpix))),
                    Expected.done("\"bytes\": " + (2880 + padded(48L * 48 * Math.abs(bitpix) / 8)))));
        }
        cases.add(body("bitpix-12", "BITPIX = 12 (not a FITS value)",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("BITPIX", "12")),
                Expected.failed(NON_FITS, "no valid BITPIX (found 12)")));
        cases.add(body("bitpix-missing", "no BITPIX card",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).without("BITPIX")),
                Expected.failed(NON_FITS, "no valid BITPIX (found null)")));
    }

    private static void astrometry(List<HostileCase<CutoutReply>> cases) {
        cases.add(body("no-astrometry", "neither a CD/CDELT WCS nor a DSS plate polynomial",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).without("CTYPE", "CRVAL", "CRPIX", "CD1_", "CD2_")),
                Expected.failed(NON_WCS, "no usable astrometry")));
        cases.add(body("missing-crval2", "a CD-matrix WCS without CRVAL2, no polynomial",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).without("CRVAL2")),
                Expected.failed(NON_WCS, "CRVAL2")));
        cases.add(body("crval1-nan", "CRVAL1 = NaN",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("CRVAL1", "NaN")),
                Expected.failed(NON_WCS, "CRVAL1 = 'NaN' is not finite")));
        cases.add(body("cd1-1-infinite", "CD1_1 = Infinity",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("CD1_1", "Infinity")),
                Expected.failed(NON_WCS, "CD1_1 = 'Infinity' is not finite")));
        cases.add(body("crpix1-text", "CRPIX1 = 'centre'",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).withText("CRPIX1", "centre")),
                Expected.failed(NON_WCS, "CRPIX1 = 'centre' is not a number")));
        cases.add(body("singular-cd-matrix", "CD matrix all zeros (no scale at all)",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("CD1_1", "0.0").with("CD2_2", "0.0")),
                Expected.failed(NON_WCS, "the CD matrix")));
        cases.add(body("crval2-beyond-pole", "CRVAL2 = 95 (not a declination)",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("CRVAL2", "95.0")),
                Expected.failed(NON_WCS, "CRVAL2 = 95.0 is not a declination")));
        cases.add(body("sin-projection", "CTYPE1/2 = RA---SIN/DEC--SIN (not the TAN the pipeline reads)",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).withText("CTYPE1", "RA---SIN").withText("CTYPE2", "DEC--SIN")),
                Expected.failed(NON_WCS, "RA---SIN")));
        cases.add(body("partial-polynomial", "a DSS plate polynomial without AMDY1..20 and no CD WCS",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).withPlatePolynomial(ra, dec)
                        .without("CTYPE", "CRVAL", "CRPIX", "CD1_", "CD2_", "AMDY")),
                Expected.failed(NON_WCS, "AMDY1")));
        cases.add(body("contradictory-solutions", "a CD WCS and a DSS polynomial whose centres are 1 degree apart",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).withPlatePolynomial(ra, dec + 1.0)),
                Expected.failed(NON_WCS, "disagree by")));
        cases.add(body("consistent-solutions", "a CD WCS and a DSS polynomial that agree (the STScI case)",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).withPlatePolynomial(ra, dec)),
                Expected.done("cd+dss")));
    }

    private static void dates(List<HostileCase<CutoutReply>> cases) {
        cases.add(date("date-obs-garbage", "'yesterday evening'", Expected.failed(DATE_OBS, "DATE-OBS 'yesterday evening' cannot be read")));
        cases.add(date("date-obs-impossible-day", "'1953-02-30T04:00:00'", Expected.failed(DATE_OBS, "impossible date")));
        cases.add(date("date-obs-number", "1953.19", Expected.failed(DATE_OBS, "DATE-OBS '1953.19' cannot be read")));
        cases.add(date("date-obs-empty", "''", Expected.failed(DATE_OBS, "DATE-OBS '' cannot be read")));
        cases.add(date("date-obs-overflowed-minutes", "'1953-03-11T11:77:00'", Expected.done("1953-03-11 12:17:00")));
        cases.add(date("date-obs-overflowed-seconds", "'1953-03-11T10:59:75'", Expected.done("1953-03-11 11:00:15")));
        cases.add(date("date-obs-overflowed-hour", "'1953-03-11T23:59:60'", Expected.done("1953-03-11 00:00:00")));
        cases.add(date("date-obs-old-style", "'11/03/53'", Expected.done("1953-03-11 00:00:00")));
        cases.add(body("date-avg-only", "no DATE-OBS, DATE-AVG = '1953-03-11T11:30:00'",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).without("DATE-OBS").withText("DATE-AVG", "1953-03-11T11:30:00")),
                Expected.done("1953-03-11 11:30:00")));
        cases.add(body("no-date", "neither DATE-OBS nor DATE-AVG",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).without("DATE-OBS")),
                Expected.failed(DATE_OBS, "neither DATE-OBS nor DATE-AVG")));
    }

    private static void surveys(List<HostileCase<CutoutReply>> cases) {
        cases.add(survey("survey-serc-er", "'SERC-ER '", "\"survey\": \"SERC-ER\""));
        cases.add(survey("survey-poss2-red", "'POSSII-F'", "\"survey\": \"POSSII-F\""));
        cases.add(survey("survey-poss1-blue", "'POSSI-O '", "\"survey\": \"POSSI-O\""));
        cases.add(survey("survey-lower-case", "'possi-e '", "\"survey\": \"possi-e\""));
        cases.add(body("survey-missing", "no SURVEY card",
                (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).without("SURVEY")),
                Expected.skipped(NOT_POSS, "\"survey\": \"\"")));
    }

    private static HostileCase<CutoutReply> date(String name, String value, Expected expected) {
        return body(name, "DATE-OBS = " + value, (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("DATE-OBS", value)),
                expected);
    }

    private static HostileCase<CutoutReply> survey(String name, String value, String phrase) {
        return body(name, "SURVEY = " + value, (ra, dec) -> fits(HandMadeFits.possCutout(ra, dec).with("SURVEY", value)),
                Expected.skipped(NOT_POSS, phrase));
    }

    private static HostileCase<CutoutReply> body(String name, String input, CutoutReply reply, Expected expected) {
        return new HostileCase<>("dss", name, input, reply, expected);
    }

    private static ScriptedReply fits(HandMadeFits file) {
        return ScriptedReply.ok(FITS, file.bytes());
    }

    private static long padded(long bytes) {
        return (bytes + HandMadeFits.BLOCK - 1) / HandMadeFits.BLOCK * HandMadeFits.BLOCK;
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static byte[] brokenGzip() {
        byte[] bytes = random(600);
        bytes[0] = 0x1F;
        bytes[1] = (byte) 0x8B;
        bytes[2] = 8;
        bytes[3] = 0;
        return bytes;
    }

    static byte[] gzip(byte[] body) {
        return gzipZeros(body, 0);
    }

    /** Gzip of {@code head} followed by {@code zeros} zero bytes, written in chunks so it is never held inflated. */
    static byte[] gzipZeros(byte[] head, long zeros) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes, 1 << 16)) {
            out.write(head);
            byte[] chunk = new byte[1 << 16];
            for (long left = zeros; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** For tests that want one case by name. */
    public static HostileCase<CutoutReply> named(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no DSS case " + name));
    }
}
