package org.vasco.common.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FITS header and a keyword map of the same keywords read the same way. */
class HeaderValuesTest {

    private static final Set<String> STRUCTURAL = Set.of("SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND");

    /** A small real FITS image whose primary header carries the keywords of one bundled plate header. */
    static Path writePlateFits(Path file, Map<String, Object> keywords) throws IOException, FitsException {
        BasicHDU<?> hdu = Fits.makeHDU(new short[8][10]);
        Header header = hdu.getHeader();
        for (Map.Entry<String, Object> e : keywords.entrySet()) {
            if (STRUCTURAL.contains(e.getKey())) {
                continue;
            }
            if (e.getValue() instanceof Number n) {
                header.addValue(e.getKey(), n, null);
            } else if (e.getValue() instanceof Boolean b) {
                header.addValue(e.getKey(), b, null);
            } else {
                header.addValue(e.getKey(), String.valueOf(e.getValue()), null);
            }
        }
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }
        return file;
    }

    @Test
    void aFitsFileAndTheJsonOfTheSameHeaderGiveTheSamePositions(@TempDir Path dir) throws Exception {
        Map<String, Object> json = PlateHeaderFixtures.header("XE884");
        HeaderValues fromFits = HeaderValues.readPrimary(writePlateFits(dir.resolve("xe884.fits"), json));
        assertThat(fromFits.source()).endsWith("xe884.fits");
        assertThat(fromFits.text("PLTDECSN")).contains("-");
        assertThat(fromFits.requireNumber("NAXIS1")).isEqualTo(10);

        PlateAstrometry viaFits = PlateAstrometry.of(fromFits, PlateAstrometry.Solution.AUTO);
        PlateAstrometry viaJson = PlateAstrometry.of(json, "XE884", PlateAstrometry.Solution.AUTO);
        for (double[] p : new double[][] {{1, 1}, {7000.5, 6999.5}, {13999, 42}}) {
            assertThat(viaFits.pixelToSky(p[0], p[1]).separationArcsec(viaJson.pixelToSky(p[0], p[1])))
                    .isLessThan(1e-6);
        }
    }

    @Test
    void headerJsonFilesAreReadWhetherValuesAreNumbersOrStrings(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> header = PlateHeaderFixtures.header("XE573");
        Path plateFile = dir.resolve("dss1red_XE573.fits.header.json");
        json.writeValue(plateFile.toFile(), Map.of("meta", Map.of("source_file", "x"), "header", header));
        Map<String, Object> stringified = new TreeMap<>();
        header.forEach((k, v) -> stringified.put(k, String.valueOf(v)));
        stringified.put("CD1_1", null);
        Path sidecar = dir.resolve("tile.fits.header.json");
        json.writeValue(sidecar.toFile(), Map.of("fits_file", "tile.fits", "selected", Map.of(), "header", stringified));

        PlateAstrometry fromNumbers = PlateAstrometry.of(HeaderValues.readJson(plateFile), PlateAstrometry.Solution.AUTO);
        PlateAstrometry fromStrings = PlateAstrometry.of(HeaderValues.readJson(sidecar), PlateAstrometry.Solution.AUTO);
        PlateAstrometry fromMap = PlateAstrometry.of(header, "XE573", PlateAstrometry.Solution.AUTO);
        SkyPosition expected = fromMap.pixelToSky(123.5, 9876.25);
        assertThat(fromNumbers.pixelToSky(123.5, 9876.25)).isEqualTo(expected);
        assertThat(fromStrings.pixelToSky(123.5, 9876.25)).isEqualTo(expected);
        assertThat(HeaderValues.readJson(sidecar).has("CD1_1")).isFalse();

        Path noHeader = Files.writeString(dir.resolve("other.json"), "{\"meta\": {}}");
        assertThatThrownBy(() -> HeaderValues.readJson(noHeader)).isInstanceOf(IOException.class)
                .hasMessageContaining("other.json has no \"header\" object");
        Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"header\": ");
        assertThatThrownBy(() -> HeaderValues.readJson(notJson)).isInstanceOf(IOException.class)
                .hasMessageContaining("broken.json is not a JSON header file");
    }

    @Test
    void valuesAreTrimmedUpperCasedAndAcceptTheFortranExponent() {
        Map<String, Object> map = new HashMap<>();
        map.put("amdx4", " 1.5D-05 ");
        map.put("CTYPE1", "RA---TAN    ");
        map.put("BLANK", null);
        map.put("EXTEND", true);
        HeaderValues values = HeaderValues.of(map, "sidecar");
        assertThat(values.requireNumber("AMDX4")).isEqualTo(1.5e-5);
        assertThat(values.text("CTYPE1")).contains("RA---TAN");
        assertThat(values.has("BLANK")).isFalse();
        assertThat(values.text("EXTEND")).contains("T");
        assertThat(values.number("MISSING")).isEmpty();
        assertThatThrownBy(() -> values.requireNumber("MISSING")).isInstanceOf(AstrometryHeaderException.class)
                .hasMessage("sidecar: keyword MISSING is missing");
    }

    @Test
    void aFileThatIsNotFitsIsReportedAsSuch(@TempDir Path dir) throws IOException {
        Path html = Files.writeString(dir.resolve("reply.fits"),
                "<html><body>No plate here</body></html>".repeat(100), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> HeaderValues.readPrimary(html)).isInstanceOf(IOException.class)
                .hasMessageContaining("reply.fits");
        Path empty = Files.createFile(dir.resolve("empty.fits"));
        assertThatThrownBy(() -> HeaderValues.readPrimary(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining("empty.fits");
    }
}
