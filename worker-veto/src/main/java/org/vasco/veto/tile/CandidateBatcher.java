package org.vasco.veto.tile;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.VetoStageException;

/**
 * The batch window across tiles: the veto step's tiles of one run hand their candidates in here, and one chain
 * judgement runs over the union of a batch, so each remote stage asks its service once per upload chunk (or
 * SkyBoT field) for all those tiles together instead of once per tile.
 * <p>
 * A batch of a run opens with its first tile and closes when the window has elapsed since it opened or when it
 * holds at least {@code maxCandidates} candidates, whichever comes first; the calling (stage) thread waits until
 * then and gets back only its own candidates' share of the judgement ({@link VetoChainRunner.Judged#restrictedTo}),
 * to commit in its own step transaction. Batches never mix runs: each run has its own open batch, because stage
 * verdicts, fingerprints and ledgers are per run.
 * <p>
 * Failure: a batch that fails (a service failing after its retries) fails every tile in it with the same cause;
 * no tile gets verdicts from it. A tile whose thread is interrupted while its batch is still open withdraws its
 * candidates and rethrows {@link InterruptedException}; the others wait on. A zero window judges each tile alone,
 * on the calling thread.
 * <p>
 * A batch also closes as soon as no other tile of its run can join it ({@link RunTail}): the last tiles of a run,
 * or a run of one tile, do not wait out the window for tiles that will never come. Thread-safe.
 */
public final class CandidateBatcher implements AutoCloseable {

    /** Judges one closed batch of a run (the chain over a fresh connection). */
    @FunctionalInterface
    public interface BatchJudge {
        VetoChainRunner.Judged judge(String runId, List<Candidate> batch)
                throws VetoStageException, SQLException, InterruptedException;
    }

    /** Whether tiles of a run other than those already waiting in its batch may still reach the veto step. */
    @FunctionalInterface
    public interface RunTail {
        /** A tail that always expects more tiles: batches close only by the window or their size. */
        RunTail UNKNOWN = (runId, waitingTiles) -> true;

        /**
         * @param waitingTiles how many tiles wait in the run's open batch
         * @throws SQLException when the answer cannot be looked up (the batch then keeps its window)
         */
        boolean othersMayJoin(String runId, int waitingTiles) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CandidateBatcher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final BatchJudge judge;
    private final Duration window;
    private final int maxCandidates;
    private final RunTail tail;
    private final ScheduledExecutorService timer;
    private final ExecutorService judges;
    /** The open batch of each run; guarded by {@code this}. */
    private final Map<String, Batch> open = new HashMap<>();

    /**
     * @param window        how long a batch stays open after its first tile; zero judges every tile alone
     * @param maxCandidates a batch holding at least this many candidates closes at once
     */
    public CandidateBatcher(BatchJudge judge, Duration window, int maxCandidates) {
        this(judge, window, maxCandidates, RunTail.UNKNOWN);
    }

    /**
     * As {@link #CandidateBatcher(BatchJudge, Duration, int)}, and a batch closes early once {@code tail} says no
     * other tile of its run can join.
     */
    public CandidateBatcher(BatchJudge judge, Duration window, int maxCandidates, RunTail tail) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("the veto batch window must not be negative, was " + window);
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("the veto batch size must be positive, was " + maxCandidates);
        }
        this.judge = judge;
        this.window = window;
        this.maxCandidates = maxCandidates;
        this.tail = tail;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("vasco-veto-batch-window"));
        this.judges = Executors.newCachedThreadPool(daemon("vasco-veto-batch-judge"));
    }

    /**
     * Adds a tile's candidates to its run's open batch (opening one if there is none), waits for the batch to be
     * judged and returns the judgement of these candidates only, with how long they waited for the batch to close.
     *
     * @throws VetoStageException   when a stage of the batch's judgement failed
     * @throws SQLException         when reading stored verdicts for the batch failed
     * @throws InterruptedException when this thread was interrupted while waiting (the candidates are withdrawn
     *                              if the batch was still open) or the judgement itself was interrupted
     */
    public Batched submit(String runId, List<Candidate> candidates)
            throws VetoStageException, SQLException, InterruptedException {
        if (window.isZero()) {
            return new Batched(judge.judge(runId, candidates), Duration.ZERO);
        }
        long joined = System.nanoTime();
        Set<String> own = candidates.stream().map(Candidate::srcId).collect(Collectors.toSet());
        Batch batch;
        int waiting;
        synchronized (this) {
            batch = open.computeIfAbsent(runId, this::openBatch);
            batch.tiles.add(candidates);
            waiting = batch.tiles.size();
            if (batch.size() >= maxCandidates) {
                close(batch);
            }
        }
        if (!othersMayJoin(runId, waiting)) {
            synchronized (this) {
                if (open.get(runId) == batch) {
                    close(batch);
                }
            }
        }
        VetoChainRunner.Judged all;
        try {
            all = batch.judged.get();
        } catch (InterruptedException e) {
            withdraw(batch, candidates);
            throw e;
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
        return new Batched(all.restrictedTo(own), Duration.ofNanos(Math.max(0, batch.closedAt - joined)));
    }

    /**
     * One tile's share of a batch's judgement.
     *
     * @param windowWait from the tile's joining to its batch's closing: time spent waiting for other tiles, not working
     */
    public record Batched(VetoChainRunner.Judged judged, Duration windowWait) {
    }

    private boolean othersMayJoin(String runId, int waiting) {
        try {
            return tail.othersMayJoin(runId, waiting);
        } catch (SQLException e) {
            LOG.debug("Cannot tell whether more tiles of run {} are coming; the veto batch keeps its window: {}", runId,
                    e.toString());
            return true;
        }
    }

    /** Tiles waiting in the run's open batch (0 when none is open). */
    public synchronized int waitingTiles(String runId) {
        Batch batch = open.get(runId);
        return batch == null ? 0 : batch.tiles.size();
    }

    private Batch openBatch(String runId) {
        Batch batch = new Batch(runId);
        batch.closing = timer.schedule(() -> {
            synchronized (this) {
                if (open.get(runId) == batch) {
                    close(batch);
                }
            }
        }, window.toNanos(), TimeUnit.NANOSECONDS);
        return batch;
    }

    /** Called holding {@code this}: no tile can join or withdraw once the batch is out of {@link #open}. */
    private void close(Batch batch) {
        batch.closedAt = System.nanoTime();
        open.remove(batch.runId);
        batch.closing.cancel(false);
        // A tile handed in twice (a redelivered task) is judged once.
        Map<String, Candidate> union = new LinkedHashMap<>();
        for (List<Candidate> tile : batch.tiles) {
            tile.forEach(c -> union.putIfAbsent(c.srcId(), c));
        }
        List<Candidate> candidates = List.copyOf(union.values());
        try {
            judges.execute(() -> {
                try {
                    batch.judged.complete(judge.judge(batch.runId, candidates));
                } catch (Throwable t) {
                    batch.judged.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            batch.judged.completeExceptionally(new InterruptedException("the veto batcher is closed"));
        }
    }

    private synchronized void withdraw(Batch batch, List<Candidate> candidates) {
        if (open.get(batch.runId) != batch) {
            return; // already closed: it is judged for the others; this tile just does not wait for it
        }
        batch.tiles.remove(candidates);
        if (batch.tiles.isEmpty()) {
            open.remove(batch.runId);
            batch.closing.cancel(false);
        }
    }

    private static RuntimeException rethrown(Throwable cause) throws VetoStageException, SQLException, InterruptedException {
        if (cause instanceof VetoStageException e) {
            throw e;
        }
        if (cause instanceof SQLException e) {
            throw e;
        }
        if (cause instanceof InterruptedException) {
            throw new InterruptedException("the batch's judgement was interrupted");
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("the batch's judgement failed", cause);
    }

    private static ThreadFactory daemon(String prefix) {
        return r -> {
            Thread t = new Thread(r, prefix + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the window timer and the judging threads; batches still open or being judged fail their tiles. */
    @Override
    public synchronized void close() {
        for (Batch batch : open.values()) {
            batch.judged.completeExceptionally(new InterruptedException("the veto batcher is closed"));
        }
        open.clear();
        timer.shutdownNow();
        judges.shutdownNow();
    }

    /** The open batch of a run: the candidate lists of its waiting tiles, and its judgement. */
    private static final class Batch {
        final String runId;
        final List<List<Candidate>> tiles = new ArrayList<>();
        final CompletableFuture<VetoChainRunner.Judged> judged = new CompletableFuture<>();
        ScheduledFuture<?> closing;
        /** System.nanoTime() when the batch stopped taking tiles; read after {@link #judged} completes. */
        volatile long closedAt;

        Batch(String runId) {
            this.runId = runId;
        }

        int size() {
            return tiles.stream().mapToInt(List::size).sum();
        }
    }
}
