package org.vasco.coordinator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.vasco.common.sky.AstrometryHeaderException;
import org.vasco.common.sky.HeaderValues;
import org.vasco.common.sky.PixelPosition;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.sky.PlateAstrometry.Solution;
import org.vasco.common.sky.SkyPosition;
import org.vasco.common.sky.SolutionOffsets;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code vasco astrometry}: converts FITS pixel positions of an image to sky positions, or back,
 * from the astrometric solution in the image's primary header — the CD-matrix TAN WCS or the DSS
 * plate polynomial — like WCSTools' xy2sky/sky2xy. The input CSV keeps all its columns and gains
 * the computed ones; the output is written to a temporary file and renamed into place, so a
 * failed run leaves no output. Exit code 0 on success, 2 for a bad FITS file, header or CSV
 * (one line on stderr naming the file and the problem).
 */
@Command(name = "astrometry", mixinStandardHelpOptions = true,
        description = {
            "Convert FITS 1-based pixel positions (columns x,y, as SExtractor's X_IMAGE/Y_IMAGE) to ra,dec "
                + "in degrees, or ra,dec back to x,y, using the image header's astrometric solution.",
            "The CD-matrix TAN WCS is what SExtractor uses; the DSS plate polynomial (AMDX/AMDY) is the only "
                + "solution of full-plate scans and older cut-outs."})
public final class AstrometryCommand implements Callable<Integer> {

    static final int EXIT_BAD_INPUT = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--fits", required = true, paramLabel = "FILE",
            description = "FITS image whose primary header carries the astrometry")
    private Path fits;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    @Option(names = "--solution", defaultValue = "auto", paramLabel = "auto|cd|dss", converter = SolutionName.class,
            description = "auto (default): the CD solution when present, else the DSS plate polynomial; "
                    + "cd or dss: only that one")
    private Solution solution;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "CSV to write")
    private Path out;

    /** Exactly one input direction. */
    static final class Input {
        @Option(names = "--pixels", paramLabel = "IN.csv", description = "CSV with columns x,y: adds ra,dec")
        private Path pixels;

        @Option(names = "--sky", paramLabel = "IN.csv", description = "CSV with columns ra,dec: adds x,y")
        private Path sky;
    }

    /** Parses {@code auto|cd|dss} in any case. */
    static final class SolutionName implements ITypeConverter<Solution> {
        @Override
        public Solution convert(String value) {
            try {
                return Solution.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a solution; expected auto, cd or dss");
            }
        }
    }

    /** A CSV or value that cannot be converted; the message names the file and line. */
    private static final class BadInputException extends Exception {
        private static final long serialVersionUID = 1L;

        BadInputException(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path outDirectory = out.toAbsolutePath().getParent();
            if (!Files.isDirectory(outDirectory)) {
                throw new BadInputException("cannot write " + out + ": directory " + outDirectory + " does not exist");
            }
            HeaderValues header = HeaderValues.readPrimary(fits);
            PlateAstrometry astrometry = PlateAstrometry.of(header, solution);
            boolean toSky = input.pixels != null;
            Path in = toSky ? input.pixels : input.sky;
            List<String[]> rows = readCsv(in);
            List<String[]> converted = convert(astrometry, in, rows, toSky);
            writeAtomically(converted);
            spec.commandLine().getOut().println(summary(header, astrometry, converted.size() - 1, toSky));
            return 0;
        } catch (IOException e) {
            err.println("vasco astrometry: " + describe(e));
        } catch (UncheckedIOException e) {
            err.println("vasco astrometry: " + describe(e.getCause()));
        } catch (AstrometryHeaderException | BadInputException e) {
            err.println("vasco astrometry: " + e.getMessage());
        }
        return EXIT_BAD_INPUT;
    }

    private List<String[]> convert(PlateAstrometry astrometry, Path in, List<String[]> rows, boolean toSky)
            throws BadInputException {
        String[] names = rows.get(0);
        String first = toSky ? "x" : "ra";
        String second = toSky ? "y" : "dec";
        int firstColumn = column(in, names, first);
        int secondColumn = column(in, names, second);
        String[] added = toSky ? new String[] {"ra", "dec"} : new String[] {"x", "y"};
        for (String name : added) {
            if (Arrays.stream(names).anyMatch(n -> n.trim().equals(name))) {
                throw new BadInputException(in + " already has a column named '" + name
                        + "'; rename it so the computed column does not shadow it");
            }
        }
        List<String[]> result = new ArrayList<>(rows.size());
        result.add(append(names, added[0], added[1]));
        for (int i = 1; i < rows.size(); i++) {
            String[] row = rows.get(i);
            int line = i + 1;
            if (row.length != names.length) {
                throw new BadInputException(in + " line " + line + ": " + row.length + " fields where the header has "
                        + names.length);
            }
            double a = number(in, line, first, row[firstColumn]);
            double b = number(in, line, second, row[secondColumn]);
            try {
                if (toSky) {
                    SkyPosition sky = astrometry.pixelToSky(a, b);
                    result.add(append(row, format9(sky.raDeg()), format9(sky.decDeg())));
                } else {
                    PixelPosition pixel = astrometry.skyToPixel(a, b);
                    result.add(append(row, format6(pixel.x()), format6(pixel.y())));
                }
            } catch (IllegalArgumentException e) {
                throw new BadInputException(in + " line " + line + ": " + e.getMessage());
            }
        }
        return result;
    }

    private static int column(Path in, String[] names, String wanted) throws BadInputException {
        for (int i = 0; i < names.length; i++) {
            if (names[i].trim().equals(wanted)) {
                return i;
            }
        }
        throw new BadInputException(in + " has no column '" + wanted + "' (columns: " + String.join(",", names) + ")");
    }

    private static double number(Path in, int line, String column, String text) throws BadInputException {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the file and line
        }
        throw new BadInputException(in + " line " + line + ": " + column + " '" + text + "' is not a finite number");
    }

    private static String[] append(String[] row, String a, String b) {
        String[] extended = Arrays.copyOf(row, row.length + 2);
        extended[row.length] = a;
        extended[row.length + 1] = b;
        return extended;
    }

    private static String format9(double value) {
        return String.format(Locale.ROOT, "%.9f", value);
    }

    private static String format6(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static List<String[]> readCsv(Path in) throws IOException, BadInputException {
        CsvMapper mapper = CsvMapper.builder()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .build();
        List<String[]> rows;
        try (Reader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
             MappingIterator<String[]> iterator = mapper.readerFor(String[].class).readValues(reader)) {
            rows = iterator.readAll();
        } catch (JsonProcessingException e) {
            throw new BadInputException(in + " is not a readable CSV file: " + oneLine(e.getOriginalMessage()));
        } catch (RuntimeJsonMappingException e) {
            throw new BadInputException(in + " is not a readable CSV file: " + oneLine(e.getMessage()));
        }
        if (rows.isEmpty()) {
            throw new BadInputException(in + " is empty; expected a header row naming the columns");
        }
        return rows;
    }

    private void writeAtomically(List<String[]> rows) throws IOException {
        Path target = out.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            CsvMapper mapper = new CsvMapper();
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                 SequenceWriter csv = mapper.writerFor(String[].class).writeValues(writer)) {
                for (String[] row : rows) {
                    csv.write(row);
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private String summary(HeaderValues header, PlateAstrometry astrometry, int count, boolean toSky) {
        String name = astrometry.solution() == Solution.CD ? "CD-matrix TAN WCS" : "DSS plate polynomial";
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "Converted %d position%s %s with the %s of %s (%.3f\"/px) into %s", count, count == 1 ? "" : "s",
                toSky ? "pixel -> sky" : "sky -> pixel", name, fits, astrometry.pixelScaleArcsec(), out));
        Optional<SolutionOffsets> offsets = PlateAstrometry.solutionOffsets(header);
        offsets.ifPresent(o -> line.append(String.format(Locale.ROOT,
                "; the header carries both solutions, CD vs DSS offset %.3f\" at the centre, up to %.3f\" at the corners",
                o.centreArcsec(), o.maxArcsec())));
        return line.toString();
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file";
        }
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        return oneLine(e.getMessage());
    }
}
