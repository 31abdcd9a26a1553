package org.vasco.local.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
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
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" tiles", 1).showSpeed().setSpeedUnit(ChronoUnit.MINUTES).setUpdateIntervalMillis(500)
                        .continuousUpdate().build());
                bar.stepTo(handled(c));
                bar.setExtraMessage(c.running() > 0 ? " " + c.running() + " running" : c.failed() > 0 ? " " + c.failed() + " failed" : "");
            } else {
                plain(step, plainLine(step, c, status.tiles()));
            }
        }
        if (!terminal) {
            plain("run", runLine(status));
        }
    }

    private void plain(String key, String line) {
        if (!line.equals(lastLine.get(key))) {
            lastLine.put(key, line);
            out.println(line);
            out.flush();
        }
    }

    /** One step's state as a log line: {@code extract  3/4 handled (3 done, 0 failed, 0 skipped), 1 running, 0 queued}. */
    static String plainLine(String step, StepCounts c, int tiles) {
        return String.format(Locale.ROOT, "%-8s %d/%d handled (%d done, %d failed, %d skipped), %d running, %d queued",
                step, handled(c), tiles, c.done(), c.failed(), c.skipped(), c.running(), c.queued());
    }

    /** The run as a log line: {@code run      2/4 tiles final, 0.4 tiles/min, ETA 5:00}. */
    static String runLine(RunStatus status) {
        return String.format(Locale.ROOT, "%-8s %d/%d tiles final, %.1f tiles/min, ETA %s", "run", status.finishedTiles(),
                status.tiles(), status.ratePerMinute(), status.eta().map(RunProgress::clock).orElse("unknown"));
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
