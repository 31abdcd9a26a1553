package org.vasco.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.vasco.download.CutoutAcceptance.Outcome;
import org.vasco.download.CutoutAcceptance.Verdict;

class CutoutAcceptanceTest {

    private final CutoutAcceptance acceptance = new CutoutAcceptance();
    private final byte[] good = SmallCutouts.stsciLike().cutout(130.013, 33.081, 60);

    @Test
    void acceptsACompletePossIECutOutAndMeasuresItsHeader() {
        Verdict v = acceptance.judge(good);

        assertThat(v.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(v.header().text("REGION")).isEqualTo("XE309");
        assertThat(v.astrometry().label()).isEqualTo("cd+dss");
        // √|det CD| of a rotated 1.7″ matrix is 1.7″, not the cos-projected diagonal element.
        assertThat(v.astrometry().pixelScaleArcsec()).isCloseTo(1.7, org.assertj.core.data.Offset.offset(1e-9));
        // The unrotated polynomial agrees with the CD WCS at the centre and departs by ~4″ at the corners.
        assertThat(v.astrometry().offsets().centreArcsec()).isLessThan(0.01);
        assertThat(v.astrometry().offsets().upperRightArcsec()).isBetween(2.0, 8.0);
        assertThat(Math.abs(v.header().number("CD2_2").getAsDouble()) * 3600).isLessThan(1.698);
        assertThat(v.header().selected()).containsEntry("SURVEY", "POSSI-E").containsEntry("DATE-OBS", SmallCutouts.DATE_OBS)
                .containsEntry("PLATE-ID", null).containsKeys(CutoutHeader.SELECTED_KEYS.toArray(String[]::new));
    }

    @Test
    void htmlEmptyAndShortBodiesAreNotFits() {
        byte[] html = "<!DOCTYPE HTML><html><body>No image</body></html>".getBytes(StandardCharsets.UTF_8);
        assertThat(acceptance.judge(html).outcome()).isEqualTo(Outcome.REJECT_NON_FITS);
        assertThat(acceptance.judge(html).detail()).contains("not FITS").contains("<!DOCTYPE");
        assertThat(acceptance.judge(new byte[0]).detail()).contains("empty");
        assertThat(acceptance.judge(Arrays.copyOf(good, 2000)).outcome()).isEqualTo(Outcome.REJECT_NON_FITS);
    }

    @Test
    void aBodyCutInsideTheDataOrOffABlockBoundaryIsTruncated() {
        Verdict shortData = acceptance.judge(Arrays.copyOf(good, good.length - 2880));
        assertThat(shortData.outcome()).isEqualTo(Outcome.REJECT_NON_FITS);
        assertThat(shortData.detail()).contains("declares 8192 bytes of data").contains("truncated");

        Verdict offBlock = acceptance.judge(Arrays.copyOf(good, good.length - 100));
        assertThat(offBlock.outcome()).isEqualTo(Outcome.REJECT_NON_FITS);
        assertThat(offBlock.detail()).contains("not a whole number of 2880-byte");
    }

    @Test
    void aHeaderDeclaringAbsurdAxesIsRejectedWithoutAllocatingThem() {
        byte[] huge = withCard(good, "NAXIS1", "NAXIS1  =           2000000000");
        huge = withCard(huge, "NAXIS2", "NAXIS2  =           2000000000");
        Verdict v = acceptance.judge(huge);
        assertThat(v.outcome()).isEqualTo(Outcome.REJECT_NON_FITS);
        assertThat(v.detail()).contains("more than any cut-out");

        byte[] overflow = withCard(good, "NAXIS1", "NAXIS1  =     9000000000000000000");
        assertThat(acceptance.judge(overflow).detail()).contains("overflows");
    }

    @Test
    void aGzipBodyIsDecompressedFirst() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(good);
        }
        Verdict v = acceptance.judge(bytes.toByteArray());
        assertThat(v.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(v.fits()).isEqualTo(good);

        byte[] broken = Arrays.copyOf(bytes.toByteArray(), 40);
        assertThat(acceptance.judge(broken).outcome()).isEqualTo(Outcome.REJECT_NON_FITS);
    }

    @Test
    void withoutCdCdeltOrPlatePolynomialThereIsNoAstrometry() {
        byte[] none = new SmallCutouts(false, false).cutout(10, 20, 60);
        Verdict v = acceptance.judge(none);
        assertThat(v.outcome()).isEqualTo(Outcome.REJECT_NON_WCS);
        assertThat(v.detail()).contains("no usable astrometry").contains("CRVAL1").contains("AMDX1");

        byte[] nanCd = withCard(good, "CD1_1", "CD1_1   = 'NaN'");
        nanCd = withCard(nanCd, "AMDX1", "AMDX1   = 'garbage'");
        assertThat(acceptance.judge(nanCd).outcome()).isEqualTo(Outcome.REJECT_NON_WCS);
    }

    @Test
    void aPlatePolynomialAloneIsUsableAstrometryAndGivesThePlateScale() {
        Verdict v = acceptance.judge(new SmallCutouts(false, true).cutout(10, 20, 60));
        assertThat(v.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(v.astrometry().label()).isEqualTo("dss");
        assertThat(v.astrometry().pixelScaleArcsec()).isCloseTo(67.2 * 25.2982 / 1000, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(v.astrometry().offsets()).isNull();
    }

    @Test
    void anotherSurveyIsSkippedButOnlyAfterTheAstrometryCheck() {
        byte[] serc = withCard(good, "SURVEY", "SURVEY  = 'SERC-ER '");
        Verdict v = acceptance.judge(serc);
        assertThat(v.outcome()).isEqualTo(Outcome.NOT_POSS1_E);
        assertThat(v.detail()).contains("SERC-ER").contains("XE309");

        byte[] sercWithoutAstrometry = new SmallCutouts(false, false).render(10, 20, Map.of());
        sercWithoutAstrometry = withCard(sercWithoutAstrometry, "SURVEY", "SURVEY  = 'SERC-ER '");
        assertThat(acceptance.judge(sercWithoutAstrometry).outcome()).isEqualTo(Outcome.REJECT_NON_WCS);
    }

    /** Replaces the card of {@code key} with {@code card}, keeping the layout. */
    static byte[] withCard(byte[] fits, String key, String card) {
        byte[] copy = fits.clone();
        for (int at = 0; at < 2880 * 4; at += 80) {
            if (new String(copy, at, 8, StandardCharsets.US_ASCII).trim().equals(key)) {
                byte[] c = String.format("%-80s", card).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(c, 0, copy, at, 80);
                return copy;
            }
        }
        throw new IllegalArgumentException("no card " + key);
    }
}
