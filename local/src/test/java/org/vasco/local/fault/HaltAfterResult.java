package org.vasco.local.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/**
 * A real stage whose worker process dies the moment the {@code n}-th result comes back: the stage has put its
 * artefacts in place, the step's transaction (DONE, the stage's database effects, the next step's task) has not
 * started. This is the deterministic crash point "between artefact written and transaction committed" — the
 * process is halted, not shut down, so no hook, no finally block and no offset commit runs. Before halting it
 * writes which task it died on to {@code marker} (the test reads it to know the tile).
 */
final class HaltAfterResult implements TileStage {

    /** The exit status of a halted worker (as a shell reports SIGKILL). */
    static final int HALT_STATUS = 137;

    private final TileStage stage;
    private final int n;
    private final Path marker;
    private final AtomicInteger results = new AtomicInteger();

    HaltAfterResult(TileStage stage, int n, Path marker) {
        if (n < 1) {
            throw new IllegalArgumentException("halt after the n-th result needs n >= 1, not " + n);
        }
        this.stage = stage;
        this.n = n;
        this.marker = marker;
    }

    @Override
    public Step step() {
        return stage.step();
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        StageResult result = stage.run(context);
        if (results.incrementAndGet() == n) {
            TileTask task = context.task();
            try {
                Files.writeString(marker, task.runId() + " " + task.tileId() + " " + task.step().label() + " "
                        + context.attempt() + " " + result.outcome() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().halt(HALT_STATUS);
        }
        return result;
    }
}
