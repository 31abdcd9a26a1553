package org.vasco.coordinator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.coordinator.run.FailedTile;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.StepCounts;

/** Renders a {@link RunStatus} as a table for people or as JSON for scripts. Stateless. */
final class StatusView {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** At most this many failed tiles are listed in the table (the JSON lists all). */
    private static final int FAILED_SHOWN = 10;

    private StatusView() {
    }

    static String table(RunStatus s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "run %s (%s, profile %s), %d tiles, submitted %s%n", s.runId(), s.mode(), s.profile(),
                s.tiles(), s.createdAt()));
        b.append(String.format(Locale.ROOT, "%-10s %8s %8s %8s %8s %8s %8s%n", "step", "pending", "queued", "running", "done", "failed", "skipped"));
        s.counts().forEach((step, c) -> b.append(String.format(Locale.ROOT, "%-10s %8d %8d %8d %8d %8d %8d%n",
                step, c.pending(), c.queued(), c.running(), c.done(), c.failed(), c.skipped())));
        b.append(String.format(Locale.ROOT, "finished %d/%d tiles (%.0f%%), rate %.1f tiles/min over the last %d min, ETA %s%n",
                s.finishedTiles(), s.tiles(), s.tiles() == 0 ? 100.0 : 100.0 * s.finishedTiles() / s.tiles(),
                s.ratePerMinute(), org.vasco.coordinator.run.RunStatusQuery.RATE_WINDOW.toMinutes(),
                s.eta().map(StatusView::duration).orElse("unknown")));
        if (!s.failedTiles().isEmpty()) {
            b.append(s.failedTiles().size()).append(" failed tile step(s); re-queue with: vasco retry --run ").append(s.runId()).append('\n');
            for (FailedTile f : s.failedTiles().subList(0, Math.min(FAILED_SHOWN, s.failedTiles().size()))) {
                b.append("  ").append(f.tileId()).append(" at ").append(f.step()).append(": ")
                        .append(f.reason() == null ? "" : f.reason() + " ")
                        .append(f.error() == null ? "" : f.error()).append('\n');
            }
        }
        b.append(s.complete() ? "complete\n" : "in progress\n");
        return b.toString();
    }

    static String json(RunStatus s) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("run", s.runId());
        root.put("mode", s.mode());
        root.put("profile", s.profile());
        root.put("tiles", s.tiles());
        Map<String, Object> steps = new LinkedHashMap<>();
        s.counts().forEach((step, c) -> steps.put(step, counts(c)));
        root.put("steps", steps);
        root.put("finished", s.finishedTiles());
        root.put("complete", s.complete());
        root.put("rate_per_min", s.ratePerMinute());
        root.put("eta_seconds", s.eta().map(Duration::toSeconds).orElse(null));
        List<Map<String, Object>> failed = s.failedTiles().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tile_id", f.tileId());
            m.put("step", f.step());
            m.put("reason", f.reason());
            m.put("error", f.error());
            return m;
        }).toList();
        root.put("failed_tiles", failed);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the status of " + s.runId() + " as JSON", e);
        }
    }

    private static Map<String, Object> counts(StepCounts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pending", c.pending());
        m.put("queued", c.queued());
        m.put("running", c.running());
        m.put("done", c.done());
        m.put("failed", c.failed());
        m.put("skipped", c.skipped());
        return m;
    }

    private static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + ((s % 3600) / 60) + "m";
    }
}
