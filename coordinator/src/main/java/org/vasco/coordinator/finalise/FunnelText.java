package org.vasco.coordinator.finalise;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import org.vasco.coordinator.json.ApiJson;

/**
 * The one rendering of a {@link RunReport} as text and JSON: what {@code vasco report} prints, whether the report was
 * read from the database or from the run's bundle, and what the bundle's {@code funnel.txt} and {@code funnel.json}
 * hold. Stateless.
 */
public final class FunnelText {

    private FunnelText() {
    }

    /** {@code vasco report --json}: the {@link ReportBody}, pretty-printed. */
    public static String json(RunReport report) {
        try {
            return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ReportBody.of(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A report is plain records and maps: " + e.getMessage(), e);
        }
    }

    /** What {@code vasco report} says about a run whose tiles are not all final. */
    public static String missing(RunReport.Incomplete report) {
        StringBuilder s = new StringBuilder();
        s.append("run ").append(report.runId()).append(" is not complete: ").append(report.unfinished().size())
                .append(" tiles not final (of ").append(report.tiles()).append("); no funnel until they are\n");
        for (UnfinishedTiles.UnfinishedTile t : report.unfinished()) {
            s.append(String.format("  %-32s %-6s %-9s %s%n", t.tileId(), t.plateId(), t.step(), t.state()));
        }
        return s.toString();
    }

    /**
     * The funnel for the run (with its profile) and per plate, the checks of the S0 rows, and the failed and skipped
     * tiles: {@code vasco report}'s text.
     */
    public static String table(Funnel f) {
        StringBuilder s = new StringBuilder();
        Funnel.Counts r = f.run();
        s.append("Run ").append(f.runId()).append(" (").append(f.state()).append(", profile ").append(f.profile()).append("): ")
                .append(r.tiles()).append(" tiles, ")
                .append(r.tilesDone()).append(" done (").append(r.tilesEmpty()).append(" with no survivor), ")
                .append(r.tilesFailed()).append(" failed, ").append(r.tilesSkipped()).append(" skipped; ")
                .append(f.plates().size()).append(" plates\n\n");
        List<Row> stages = rows(f, r);
        for (Row row : stages) {
            s.append(String.format("  %-34s %12s%n", row.label(), str(row.count())));
        }
        s.append("\nPer plate:\n");
        List<String> header = new ArrayList<>(List.of("plate", "tiles", "done", "empty", "failed", "skipped"));
        stages.forEach(row -> header.add(row.header()));
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (Funnel.Counts p : f.plates()) {
            List<String> line = new ArrayList<>(List.of(p.plateId(), str(p.tiles()), str(p.tilesDone()), str(p.tilesEmpty()),
                    str(p.tilesFailed()), str(p.tilesSkipped())));
            rows(f, p).forEach(row -> line.add(str(row.count())));
            lines.add(line);
        }
        int[] width = new int[header.size()];
        for (List<String> line : lines) {
            for (int k = 0; k < line.size(); k++) {
                width[k] = Math.max(width[k], line.get(k).length());
            }
        }
        for (List<String> line : lines) {
            s.append(' ');
            for (int k = 0; k < line.size(); k++) {
                s.append(' ').append(k == 0 ? pad(line.get(k), width[k], true) : pad(line.get(k), width[k], false));
            }
            s.append('\n');
        }
        checks(s, f.checks());
        outcomes(s, "Failed tiles", f.failedTiles());
        outcomes(s, "Skipped tiles", f.skippedTiles());
        return s.toString();
    }

    /**
     * One row of the funnel: what it counts, the count, its short name in the per-plate table, and its field in the
     * JSON counts ({@code after_stage.<stage>} for a post stage).
     */
    public record Row(String label, long count, String header, String key) {
    }

    /** The funnel rows of one column (the run's or a plate's), in funnel order. */
    public static List<Row> rows(Funnel f, Funnel.Counts c) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("detections inside 30'", c.detections(), "det30", "detections"));
        rows.add(new Row("after Gaia veto", c.afterGaia(), "gaia", "after_gaia"));
        rows.add(new Row("after PS1 veto", c.afterPs1(), "ps1", "after_ps1"));
        rows.add(new Row("after USNO-B veto", c.afterUsnob(), "usnob", "after_usnob"));
        rows.add(new Row("after late filters", c.afterLateFilters(), "late", "after_late_filters"));
        rows.add(new Row("after spike cut (survivors)", c.afterSpikes(), "spikes", "after_spikes"));
        rows.add(new Row("S0 (after dedup)", c.s0(), "S0", "s0"));
        for (String stage : f.postStages()) {
            rows.add(new Row("after " + stage, c.afterStage().getOrDefault(stage, 0L), stage, "after_stage." + stage));
        }
        rows.add(new Row("final", c.finalCount(), "final", "final_count"));
        return rows;
    }

    /** The per-run checks of the S0 rows: the silent-veto-failure check first, then the Earth-shadow flags. */
    private static void checks(StringBuilder s, Funnel.S0Checks c) {
        s.append(String.format("%nChecks of the %d S0 rows:%n", c.s0Rows()));
        s.append(String.format("  Gaia DR3 within %.0f\" at the plate epoch: %d%s%n", Funnel.S0Checks.GAIA_RADIUS_ARCSEC,
                c.gaiaWithin5(), c.gaiaWithin5() == 0 ? " (check passed)"
                        : " (CHECK FAILED: the catalogue veto missed them: " + String.join(", ", c.gaiaWithin5Ids()) + ")"));
        if (c.unchecked() > 0) {
            s.append(String.format("  not checked (vetoed before the check existed): %d%n", c.unchecked()));
        }
        s.append(String.format("  inside Earth's shadow at geostationary distance (mid-exposure, flag only): %d, of them final %d%n",
                c.inEarthShadow(), c.finalInEarthShadow()));
    }

    private static void outcomes(StringBuilder s, String title, List<Funnel.TileOutcome> tiles) {
        if (tiles.isEmpty()) {
            return;
        }
        s.append('\n').append(title).append(" (").append(tiles.size()).append("):\n");
        for (Funnel.TileOutcome t : tiles) {
            s.append(String.format("  %-32s %-6s %-9s %s%s%n", t.tileId(), t.plateId(), t.step(),
                    t.reason() == null ? "" : t.reason(), t.message() == null ? "" : ": " + t.message()));
        }
    }

    private static String pad(String text, int width, boolean left) {
        return left ? String.format("%-" + width + "s", text) : String.format("%" + width + "s", text);
    }

    private static String str(long n) {
        return Long.toString(n);
    }
}
