package org.vasco.coordinator.plan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vasco.common.tile.TileId;

/**
 * The plan CSV in the reference's exact layout (SPEC §2.4): the header below, one row per tile in
 * (plate_id, plate_tile_idx) order, ra/dec with six decimals, {@code \n} line ends, no quoting (no field
 * can contain a comma). Stateless.
 */
public final class PlanCsv {

    public static final List<String> COLUMNS = List.of(
            "plate_id", "plate_tile_idx", "tile_id", "ra_deg", "dec_deg", "size_arcmin", "survey");
    public static final String HEADER = String.join(",", COLUMNS);
    /** Where {@code vasco plan generate} writes by default, relative to the working directory. */
    public static final Path DEFAULT_PATH = Path.of("plans", "tiles_poss1e_ps1.csv");

    private PlanCsv() {
    }

    /** Writes the plan to {@code out}. */
    public static void write(List<PlanTile> plan, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (PlanTile t : plan) {
            out.write(row(t));
            out.write('\n');
        }
    }

    /** Writes the plan to {@code file} atomically (temp file + rename), creating parent directories. */
    public static void write(List<PlanTile> plan, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
        try {
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                write(plan, w);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** One data row, without its line end. */
    public static String row(PlanTile t) {
        return t.plateId() + ',' + t.plateTileIdx() + ',' + t.tileId() + ','
                + String.format(Locale.ROOT, "%.6f", t.raDeg()) + ','
                + String.format(Locale.ROOT, "%.6f", t.decDeg()) + ','
                + t.sizeArcmin() + ',' + t.survey();
    }

    /**
     * Reads a plan written by {@link #write}. This is a strict reader for trusted plans; use
     * {@link PlanValidator} to report every problem of a file of unknown quality.
     *
     * @throws IOException naming the file, row and problem on the first malformed row
     */
    public static List<PlanTile> read(Path file) throws IOException {
        List<PlanTile> plan = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (!HEADER.equals(header)) {
                throw new IOException(file + ": expected the header '" + HEADER + "', found '" + header + "'");
            }
            String line;
            int row = 1;
            while ((line = r.readLine()) != null) {
                row++;
                String[] f = line.split(",", -1);
                try {
                    if (f.length != COLUMNS.size()) {
                        throw new IllegalArgumentException("expected " + COLUMNS.size() + " fields, found " + f.length);
                    }
                    plan.add(new PlanTile(f[0], Integer.parseInt(f[1]), TileId.of(f[2]), Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]), Integer.parseInt(f[5]), f[6]));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " row " + row + ": " + e.getMessage() + ": " + line, e);
                }
            }
        }
        return plan;
    }
}
