package org.vasco.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.sky.SkyPosition;
import org.vasco.common.sky.TanProjection;

import picocli.CommandLine;

/**
 * {@code vasco astrometry} on real FITS files written by the test, whose headers carry the real
 * plate polynomial of XE884 (and, for one file, an added CD-matrix WCS).
 */
class AstrometryCommandTest {

    private static final Set<String> STRUCTURAL = Set.of("SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Map<String, Object> xe884;
    private List<double[]> vectors;

    @BeforeEach
    void loadPlate() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = getClass().getResourceAsStream("/plate_headers/dss1red_XE884.fits.header.json")) {
            JsonNode file = json.readTree(in);
            xe884 = json.convertValue(file.get("header"), new TypeReference<TreeMap<String, Object>>() { });
        }
        vectors = new ArrayList<>();
        for (List<String> row : readCsv(resource("/plate_headers/dss_plate_solution_vectors_XE884.csv"))) {
            if (!row.get(0).equals("plate")) {
                vectors.add(row.subList(1, 5).stream().mapToDouble(Double::parseDouble).toArray());
            }
        }
        assertThat(vectors).hasSize(25);
    }

    private Path resource(String name) throws IOException {
        Path copy = dir.resolve(Path.of(name).getFileName().toString());
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, copy);
        }
        return copy;
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new AstrometryCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path writeFits(String name, Map<String, Object> keywords) throws Exception {
        BasicHDU<?> hdu = Fits.makeHDU(new short[16][16]);
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
        Path file = dir.resolve(name);
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }
        return file;
    }

    private static List<List<String>> readCsv(Path file) throws IOException {
        CsvMapper mapper = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = mapper.readerFor(new TypeReference<List<String>>() { })
                .readValues(file.toFile())) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private Path pixelsCsv() throws IOException {
        StringBuilder csv = new StringBuilder("id,x,y,note\n");
        for (int i = 0; i < vectors.size(); i++) {
            double[] v = vectors.get(i);
            csv.append(i).append(',').append(v[0]).append(',').append(v[1]).append(",\"star, ").append(i).append("\"\n");
        }
        return Files.writeString(dir.resolve("pixels.csv"), csv.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void pixelsOfAPolynomialOnlyPlateBecomeTheIndependentlyDecodedSkyPositions() throws Exception {
        Path fits = writeFits("xe884.fits", xe884);
        Path result = dir.resolve("sky.csv");

        assertThat(run("--fits", fits.toString(), "--pixels", pixelsCsv().toString(), "--out", result.toString()))
                .as(err.toString()).isZero();

        List<List<String>> rows = readCsv(result);
        assertThat(rows.get(0)).containsExactly("id", "x", "y", "note", "ra", "dec");
        assertThat(rows).hasSize(26);
        for (int i = 0; i < vectors.size(); i++) {
            List<String> row = rows.get(i + 1);
            double[] v = vectors.get(i);
            assertThat(row.get(0)).isEqualTo(String.valueOf(i));
            assertThat(row.get(3)).isEqualTo("star, " + i);
            SkyPosition computed = new SkyPosition(Double.parseDouble(row.get(4)), Double.parseDouble(row.get(5)));
            assertThat(computed.separationArcsec(new SkyPosition(v[2], v[3]))).as("row %s", i).isLessThan(0.01);
        }
        assertThat(out.toString()).contains("Converted 25 positions pixel -> sky with the DSS plate polynomial");
    }

    @Test
    void skyPositionsMapBackToTheirPixels() throws Exception {
        Path fits = writeFits("xe884.fits", xe884);
        StringBuilder csv = new StringBuilder("ra,dec\n");
        for (double[] v : vectors) {
            csv.append(v[2]).append(',').append(v[3]).append('\n');
        }
        Path sky = Files.writeString(dir.resolve("sky.csv"), csv.toString());
        Path result = dir.resolve("pixels.csv");

        assertThat(run("--fits", fits.toString(), "--sky", sky.toString(), "--solution", "DSS",
                "--out", result.toString())).as(err.toString()).isZero();

        List<List<String>> rows = readCsv(result);
        assertThat(rows.get(0)).containsExactly("ra", "dec", "x", "y");
        for (int i = 0; i < vectors.size(); i++) {
            double[] v = vectors.get(i);
            assertThat(Double.parseDouble(rows.get(i + 1).get(2))).isCloseTo(v[0], within(0.01));
            assertThat(Double.parseDouble(rows.get(i + 1).get(3))).isCloseTo(v[1], within(0.01));
        }
    }

    @Test
    void autoUsesTheCdSolutionWhenTheHeaderCarriesBoth() throws Exception {
        // Add a CD solution fitted to the polynomial at pixel (7000, 7000) and moved 2.34" north.
        PlateAstrometry dss = PlateAstrometry.of(xe884, "XE884", PlateAstrometry.Solution.DSS);
        SkyPosition centre = dss.pixelToSky(7000, 7000);
        TanProjection tangent = new TanProjection(centre.raDeg(), centre.decDeg());
        SkyPosition east = dss.pixelToSky(7001, 7000);
        SkyPosition north = dss.pixelToSky(7000, 7001);
        double[] dx = tangent.project(east.raDeg(), east.decDeg());
        double[] dy = tangent.project(north.raDeg(), north.decDeg());
        Map<String, Object> both = new TreeMap<>(xe884);
        both.put("CTYPE1", "RA---TAN");
        both.put("CTYPE2", "DEC--TAN");
        both.put("CRPIX1", 7000.0);
        both.put("CRPIX2", 7000.0);
        both.put("CRVAL1", centre.raDeg());
        both.put("CRVAL2", centre.decDeg() + 2.34 / 3600);
        both.put("CD1_1", dx[0]);
        both.put("CD2_1", dx[1]);
        both.put("CD1_2", dy[0]);
        both.put("CD2_2", dy[1]);
        Path fits = writeFits("both.fits", both);
        Path pixels = Files.writeString(dir.resolve("centre.csv"), "x,y\n7000,7000\n");

        assertThat(run("--fits", fits.toString(), "--pixels", pixels.toString(), "--out",
                dir.resolve("auto.csv").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("CD-matrix TAN WCS").contains("carries both solutions");
        assertThat(run("--fits", fits.toString(), "--pixels", pixels.toString(), "--solution", "dss", "--out",
                dir.resolve("dss.csv").toString())).as(err.toString()).isZero();

        List<String> auto = readCsv(dir.resolve("auto.csv")).get(1);
        List<String> poly = readCsv(dir.resolve("dss.csv")).get(1);
        SkyPosition viaCd = new SkyPosition(Double.parseDouble(auto.get(2)), Double.parseDouble(auto.get(3)));
        SkyPosition viaDss = new SkyPosition(Double.parseDouble(poly.get(2)), Double.parseDouble(poly.get(3)));
        assertThat(viaCd.decDeg() - viaDss.decDeg()).isCloseTo(2.34 / 3600, within(1e-7));
    }

    @Test
    void askingForAMissingSolutionFailsWithOneLineNamingTheKeywords() throws Exception {
        Path fits = writeFits("xe884.fits", xe884);
        Path result = dir.resolve("sky.csv");

        assertThat(run("--fits", fits.toString(), "--pixels", pixelsCsv().toString(), "--solution", "cd",
                "--out", result.toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith("vasco astrometry: ").contains("xe884.fits has no CD-matrix TAN WCS")
                .contains("CTYPE1").hasLineCount(1);
        assertThat(result).doesNotExist();
    }

    @Test
    void badFilesAndColumnsExitWithCodeTwoAndWriteNothing() throws Exception {
        Path fits = writeFits("xe884.fits", xe884);
        Path result = dir.resolve("out.csv");

        Path noY = Files.writeString(dir.resolve("noy.csv"), "x,z\n1,2\n");
        assertThat(run("--fits", fits.toString(), "--pixels", noY.toString(), "--out", result.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("noy.csv has no column 'y'").hasLineCount(1);

        Path badNumber = Files.writeString(dir.resolve("bad.csv"), "x,y\n1,2\n3,abc\n");
        assertThat(run("--fits", fits.toString(), "--pixels", badNumber.toString(), "--out", result.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("bad.csv line 3: y 'abc' is not a finite number");

        Path clash = Files.writeString(dir.resolve("clash.csv"), "x,y,ra\n1,2,3\n");
        assertThat(run("--fits", fits.toString(), "--pixels", clash.toString(), "--out", result.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("already has a column named 'ra'");

        Path unterminated = Files.writeString(dir.resolve("quote.csv"), "x,y\n\"1,2\n");
        assertThat(run("--fits", fits.toString(), "--pixels", unterminated.toString(), "--out", result.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("quote.csv");

        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "x,y,id\n1,2,a\n3,4\n");
        assertThat(run("--fits", fits.toString(), "--pixels", ragged.toString(), "--out", result.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("ragged.csv line 3: 2 fields where the header has 3");

        Path html = Files.writeString(dir.resolve("reply.fits"), "<html>Not served</html>".repeat(200));
        assertThat(run("--fits", html.toString(), "--pixels", noY.toString(), "--out", result.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("reply.fits");

        assertThat(run("--fits", dir.resolve("absent.fits").toString(), "--pixels", noY.toString(),
                "--out", result.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent.fits: no such file");
        assertThat(run("--fits", fits.toString(), "--pixels", noY.toString(), "--out",
                dir.resolve("missing-dir").resolve("o.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing-dir does not exist");

        assertThat(err.toString().lines()).hasSize(8).allMatch(line -> line.startsWith("vasco astrometry: "));

        assertThat(result).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void anUnknownSolutionOrMissingInputIsAUsageError() throws Exception {
        Path fits = writeFits("xe884.fits", xe884);
        assertThat(run("--fits", fits.toString(), "--pixels", pixelsCsv().toString(), "--solution", "sip",
                "--out", dir.resolve("o.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'sip' is not a solution");
        assertThat(run("--fits", fits.toString(), "--out", dir.resolve("o.csv").toString())).isEqualTo(2);
    }
}
