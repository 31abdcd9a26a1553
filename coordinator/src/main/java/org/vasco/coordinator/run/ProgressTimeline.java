package org.vasco.coordinator.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's progress over time: per step, in step order, the instants at which its tiles left that step (DONE, FAILED
 * or SKIPPED), sorted; so "tiles through step s by time t" is a count. Drawn by {@code vasco status} as a text chart
 * and by the run report as a chart.
 *
 * @param start  when the run was submitted (the time axis starts here)
 * @param tiles  the run's tiles (every step's ceiling)
 * @param steps  step name to sorted finish instants, in the run's step order
 */
public record ProgressTimeline(Instant start, int tiles, Map<String, List<Instant>> steps) {

    private static final String QUERY = "SELECT tile_id, step, state, attempt, started_at, finished_at FROM run_tile"
            + " WHERE run_id = ? ORDER BY tile_id, array_position(?, step)";

    /** Builds the timeline from a run's tile steps. */
    public static ProgressTimeline of(Instant start, int tiles, List<String> stepOrder, List<StepSpan> spans) {
        Map<String, List<Instant>> steps = new LinkedHashMap<>();
        stepOrder.forEach(s -> steps.put(s, new ArrayList<>()));
        for (StepSpan span : spans) {
            if (span.finishedAt() != null && !span.state().equals("RETRY") && !span.state().equals("RUNNING")
                    && !span.state().equals("QUEUED")) {
                steps.computeIfAbsent(span.step(), k -> new ArrayList<>()).add(span.finishedAt());
            }
        }
        steps.replaceAll((step, instants) -> instants.stream().sorted().toList());
        return new ProgressTimeline(start, tiles, steps);
    }

    /** Every tile step of the run, in tile id and step order. */
    public static List<StepSpan> spans(Connection c, String runId, List<String> stepOrder) throws SQLException {
        List<StepSpan> spans = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, runId);
            ps.setArray(2, c.createArrayOf("text", stepOrder.toArray()));
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    spans.add(new StepSpan(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))));
                }
            }
        }
        return spans;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The last finish of any step, or the start when nothing has finished. */
    public Instant end() {
        Instant end = start;
        for (List<Instant> instants : steps.values()) {
            if (!instants.isEmpty() && instants.get(instants.size() - 1).isAfter(end)) {
                end = instants.get(instants.size() - 1);
            }
        }
        return end;
    }

    /** Tiles that had left {@code step} by {@code at}. */
    public int through(String step, Instant at) {
        List<Instant> instants = steps.getOrDefault(step, List.of());
        int lo = 0;
        int hi = instants.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (instants.get(mid).isAfter(at)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Nine levels, empty to full, as Unicode blocks and as ASCII for terminals that cannot show them. */
    private static final String BLOCKS = " ▁▂▃▄▅▆▇█";
    private static final String ASCII_LEVELS = " .:-=+*#@";

    /**
     * A compact text chart for a terminal: one line per step, {@code width} columns from the start to {@code now},
     * each column a level (nine, empty to full) showing the share of the run's tiles through the step by then.
     *
     * @param unicode draw with Unicode block elements; else with ASCII characters
     */
    public String textChart(Instant now, int width, boolean unicode) {
        final String blocks = unicode ? BLOCKS : ASCII_LEVELS;
        Instant end = now.isAfter(start) ? now : start.plusSeconds(1);
        Duration span = Duration.between(start, end);
        StringBuilder b = new StringBuilder();
        int nameWidth = steps.keySet().stream().mapToInt(String::length).max().orElse(4);
        for (String step : steps.keySet()) {
            b.append(String.format("%-" + nameWidth + "s %s", step, unicode ? "│" : "|"));
            for (int col = 1; col <= width; col++) {
                Instant at = start.plus(span.multipliedBy(col).dividedBy(width));
                int through = through(step, at);
                int level = tiles == 0 ? 0 : (int) Math.round(8.0 * through / tiles);
                b.append(blocks.charAt(Math.max(0, Math.min(8, level))));
            }
            b.append(unicode ? "│ " : "| ").append(through(step, end)).append('/').append(tiles).append('\n');
        }
        // the time axis under the columns: the start at the left, now at the right
        String left = "0:00";
        String right = clock(span);
        b.append(" ".repeat(nameWidth + 2)).append(left).append(" ".repeat(Math.max(1, width - left.length() - right.length())))
                .append(right).append('\n');
        return b.toString();
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
