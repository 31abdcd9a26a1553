package org.vasco.coordinator.plan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.tile.TileId;

/**
 * Every check of SPEC §2.5 on a plan CSV, reporting each violation with its row instead of stopping at
 * the first. Columns are found by name, as the reference's dictionary reader does. Thread-safe.
 */
public final class PlanValidator {

    /** How far the centre encoded in the tile id may be from the ra/dec columns (half the last digit). */
    public static final double TILE_ID_TOLERANCE_DEG = 0.0005;
    /** Slack on the plate-core radius for the 3-decimal rounding of the columns. */
    public static final double PLATE_CORE_SLACK_DEG = 1e-6;

    private final PlateCatalogue plates;

    public PlanValidator(PlateCatalogue plates) {
        this.plates = plates;
    }

    public PlanValidation validate(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return validate(r);
        }
    }

    public PlanValidation validate(Reader source) throws IOException {
        BufferedReader reader = new BufferedReader(source);
        List<PlanViolation> violations = new ArrayList<>();
        String header = reader.readLine();
        if (header == null) {
            violations.add(new PlanViolation(1, PlanRule.SCHEMA, "the file is empty; expected the header " + PlanCsv.HEADER));
            return new PlanValidation(0, violations);
        }
        Map<String, Integer> index = new HashMap<>();
        String[] names = header.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            index.putIfAbsent(names[i].trim(), i);
        }
        List<String> missing = PlanCsv.COLUMNS.stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            violations.add(new PlanViolation(1, PlanRule.SCHEMA, "missing column(s) " + missing + " in header '" + header + "'"));
            return new PlanValidation(0, violations);
        }
        Map<String, Integer> firstRowOfTile = new HashMap<>();
        String previousPlate = null;
        long previousIdx = Long.MIN_VALUE;
        int rows = 0;
        int lineNo = 1;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            rows++;
            String[] f = line.split(",", -1);
            if (f.length != names.length) {
                violations.add(new PlanViolation(lineNo, PlanRule.SCHEMA,
                        "expected " + names.length + " fields, found " + f.length + ": '" + line + "'"));
                continue;
            }
            final int row = lineNo;
            String plateId = f[index.get("plate_id")];
            String tileText = f[index.get("tile_id")];
            String raText = f[index.get("ra_deg")];
            String decText = f[index.get("dec_deg")];
            String idxText = f[index.get("plate_tile_idx")];

            boolean tileIdOk = TileId.PATTERN.matcher(tileText).matches();
            if (!tileIdOk) {
                violations.add(new PlanViolation(row, PlanRule.TILE_ID_FORMAT,
                        "tile_id '" + tileText + "' does not match " + TileId.PATTERN.pattern()));
            }
            Double ra = parse(raText);
            Double dec = parse(decText);
            if (ra == null || dec == null) {
                violations.add(new PlanViolation(row, PlanRule.NOT_A_NUMBER,
                        "ra_deg '" + raText + "' / dec_deg '" + decText + "' must both be numbers"));
            }
            if (ra != null && !(ra >= 0.0 && ra < 360.0)) {
                violations.add(new PlanViolation(row, PlanRule.RA_RANGE, "ra_deg " + raText + " is outside [0, 360)"));
            }
            if (dec != null && !(dec >= -90.0 && dec <= 90.0)) {
                violations.add(new PlanViolation(row, PlanRule.DEC_RANGE, "dec_deg " + decText + " is outside [-90, 90]"));
            }
            if (dec != null && dec < TessellationPlan.PS1_DEC_LIMIT) {
                violations.add(new PlanViolation(row, PlanRule.PS1_DEC_LIMIT,
                        "dec_deg " + decText + " is below the PS1 limit " + TessellationPlan.PS1_DEC_LIMIT));
            }
            String size = f[index.get("size_arcmin")];
            if (!size.equals(Integer.toString(TessellationPlan.TILE_SIZE_ARCMIN))) {
                violations.add(new PlanViolation(row, PlanRule.SIZE_ARCMIN,
                        "size_arcmin is '" + size + "', expected '" + TessellationPlan.TILE_SIZE_ARCMIN + "'"));
            }
            String survey = f[index.get("survey")];
            if (!survey.equals(TessellationPlan.SURVEY)) {
                violations.add(new PlanViolation(row, PlanRule.SURVEY,
                        "survey is '" + survey + "', expected '" + TessellationPlan.SURVEY + "'"));
            }
            if (tileIdOk && ra != null && dec != null) {
                TileId id = TileId.of(tileText);
                if (Math.abs(id.raDeg() - ra) > TILE_ID_TOLERANCE_DEG || Math.abs(id.decDeg() - dec) > TILE_ID_TOLERANCE_DEG) {
                    violations.add(new PlanViolation(row, PlanRule.TILE_ID_CENTRE, "tile_id " + tileText
                            + " encodes a centre more than " + TILE_ID_TOLERANCE_DEG + "° from (" + raText + ", " + decText + ")"));
                }
            }
            Optional<Plate> plate = plates.find(plateId);
            if (plate.isEmpty()) {
                violations.add(new PlanViolation(row, PlanRule.UNKNOWN_PLATE, "plate_id '" + plateId + "' is not a known plate"));
            } else if (ra != null && dec != null) {
                double sep = SkyGeometry.separationDeg(plate.get().raDeg(), plate.get().decDeg(), ra, dec);
                if (sep > TessellationPlan.MAPS_CORE_RADIUS_DEG + PLATE_CORE_SLACK_DEG) {
                    violations.add(new PlanViolation(row, PlanRule.PLATE_CORE, String.format(java.util.Locale.ROOT,
                            "the centre is %.4f° from plate %s's centre, more than %.1f°", sep, plateId,
                            TessellationPlan.MAPS_CORE_RADIUS_DEG)));
                }
            }
            Integer earlier = firstRowOfTile.putIfAbsent(tileText, row);
            if (earlier != null) {
                violations.add(new PlanViolation(row, PlanRule.DUPLICATE_TILE_ID,
                        "tile_id " + tileText + " already appears on row " + earlier));
            }
            Long idx = parseIndex(idxText);
            if (idx == null) {
                violations.add(new PlanViolation(row, PlanRule.ORDER, "plate_tile_idx '" + idxText + "' is not an integer"));
            } else {
                if (previousPlate != null) {
                    int byPlate = plateId.compareTo(previousPlate);
                    if (byPlate < 0 || (byPlate == 0 && idx < previousIdx)) {
                        violations.add(new PlanViolation(row, PlanRule.ORDER, "(" + plateId + ", " + idx
                                + ") comes after (" + previousPlate + ", " + previousIdx + "); rows must be ordered by plate_id, plate_tile_idx"));
                    }
                }
                previousPlate = plateId;
                previousIdx = idx;
            }
        }
        return new PlanValidation(rows, violations);
    }

    private static Double parse(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isNaN(v) ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseIndex(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
