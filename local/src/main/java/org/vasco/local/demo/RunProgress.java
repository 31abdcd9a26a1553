package org.vasco.local.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.StepCounts;

/**
 * Shows a run's progress per step: a live progress bar per step (tiles handled/total, rate, ETA) on a terminal,
 * otherwise one plain line whenever a step's counts change. Fed by {@link #show(RunStatus)} from one thread.
 */
public final class RunProgress implements AutoCloseable {

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, ProgressBar> bars = new LinkedHashMap<>();
    private final Map<String, String> lastLine = new LinkedHashMap<>();

    /** @param terminal true for progress bars (an interactive console), false for plain log lines */
    public RunProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Tiles a step has handled: done, failed or skipped there. */
    static int handled(StepCounts c) {
        return c.done() + c.failed() + c.skipped();
    }

    public void show(RunStatus status) {
        for (Map.Entry<String, StepCounts> e : status.counts().entrySet()) {
            String step = e.getKey();
            StepCounts c = e.getValue();
            if (terminal) {
                ProgressBar bar = bars.computeIfAbsent(step, s -> new ProgressBarBuilder()
                        .setTaskName(String.format(Locale.ROOT, "%-8s", s)).setInitialMax(status.tiles())
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" tiles", 1).showSpeed().setUpdateIntervalMillis(500)
                        .continuousUpdate().build());
                bar.stepTo(handled(c));
                bar.setExtraMessage(c.running() > 0 ? c.running() + " running" : c.failed() > 0 ? c.failed() + " failed" : "");
            } else {
                String line = plainLine(step, c, status);
                if (!line.equals(lastLine.get(step))) {
                    lastLine.put(step, line);
                    out.println(line);
                    out.flush();
                }
            }
        }
    }

    /** One step's state as a log line: {@code extract  3/4 done 2 running 1 queued 0 failed 0 skipped; 1.2 tiles/min, ETA 0:40}. */
    static String plainLine(String step, StepCounts c, RunStatus status) {
        String eta = status.eta().map(RunProgress::clock).orElse("unknown");
        return String.format(Locale.ROOT, "%-8s %d/%d handled (%d done, %d failed, %d skipped), %d running, %d queued;"
                        + " run: %d/%d tiles final, %.1f tiles/min, ETA %s",
                step, handled(c), status.tiles(), c.done(), c.failed(), c.skipped(), c.running(), c.queued(),
                status.finishedTiles(), status.tiles(), status.ratePerMinute(), eta);
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        bars.values().forEach(ProgressBar::close);
        bars.clear();
        out.flush();
    }
}
