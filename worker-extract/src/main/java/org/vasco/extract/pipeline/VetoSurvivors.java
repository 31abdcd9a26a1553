package org.vasco.extract.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The detections that survived the catalogue veto, as the xmatch step of the fast path leaves them in
 * {@code tiles/<id>/xmatch/ArtefactFile.VETO_SURVIVORS}: header {@code NUMBER,X_IMAGE,Y_IMAGE}, one row per survivor,
 * NUMBER the position pass's and X/Y_IMAGE its values written with {@code Double.toString} (an exact round
 * trip). Possibly no rows. Immutable.
 *
 * @param survivors the survivors in file order; numbers are distinct
 */
public record VetoSurvivors(List<Survivor> survivors) {

    /** Its header line. */
    public static final String HEADER = "NUMBER,X_IMAGE,Y_IMAGE";

    /** One survivor: its position-pass NUMBER and barycentre in pixels (FITS 1-based). */
    public record Survivor(int number, double xImage, double yImage) {
    }

    public VetoSurvivors {
        survivors = List.copyOf(survivors);
    }

    /**
     * Reads a survivors file.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the file and line when the content is not the format above
     */
    public static VetoSurvivors read(Path file) throws IOException {
        List<Survivor> survivors = new ArrayList<>();
        Set<Integer> numbers = new HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IllegalArgumentException(file + ": header is " + (header == null ? "missing (empty file)" : "'" + header + "'")
                        + ", expected '" + HEADER + "'");
            }
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Survivor survivor = parse(file, lineNumber, line);
                if (!numbers.add(survivor.number())) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": NUMBER " + survivor.number() + " appears twice");
                }
                survivors.add(survivor);
            }
        }
        return new VetoSurvivors(survivors);
    }

    private static Survivor parse(Path file, int lineNumber, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 3) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": '" + line + "' has " + fields.length
                    + " fields, expected " + HEADER);
        }
        try {
            int number = Integer.parseInt(fields[0].strip());
            double x = Double.parseDouble(fields[1].strip());
            double y = Double.parseDouble(fields[2].strip());
            if (number < 1 || !Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": '" + line
                        + "' needs a positive NUMBER and finite X_IMAGE, Y_IMAGE");
            }
            return new Survivor(number, x, y);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": '" + line + "' is not NUMBER,X_IMAGE,Y_IMAGE: "
                    + e.getMessage(), e);
        }
    }

    public boolean isEmpty() {
        return survivors.isEmpty();
    }

    public int size() {
        return survivors.size();
    }

    /**
     * The list SExtractor's association mode reads ({@code ASSOC_PARAMS 1,2}, {@code ASSOC_DATA 3}): one
     * {@code x y number} line per survivor, the coordinates written so that {@code strtod} reads back the very doubles.
     */
    public String assocList() {
        StringBuilder text = new StringBuilder(survivors.size() * 48);
        for (Survivor s : survivors) {
            text.append(Double.toString(s.xImage())).append(' ').append(Double.toString(s.yImage())).append(' ')
                    .append(s.number()).append('\n');
        }
        return text.toString();
    }

    /** The survivors file text for these survivors (tests and the bench write what the xmatch step writes). */
    public String csv() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Survivor s : survivors) {
            text.append(s.number()).append(',').append(Double.toString(s.xImage())).append(',')
                    .append(Double.toString(s.yImage())).append('\n');
        }
        return text.toString();
    }
}
