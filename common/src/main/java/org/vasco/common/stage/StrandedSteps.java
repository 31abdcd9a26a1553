package org.vasco.common.stage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;

/**
 * Due steps whose task record is stranded: published a while ago, still waiting, in a partition that no idle member of
 * the share group reads. An idle slot of the step claims one straight from {@code run_tile} and runs it as if its record
 * had arrived; the record, when a member finally acquires it, finds the step claimed and is a harmless DUPLICATE.
 *
 * <p>Why: with more members than partitions each member reads a window of the partitions
 * ({@link EveryMemberEveryPartition}), and records are spread over partitions by their key. At the end of a backlog a
 * partition can still hold tasks after the members of its window have taken their last ones, while members of other
 * windows poll empty: the tasks wait a whole step for the next of their own members to finish (measured: 5 of 2,560
 * tasks at 256 slots, 10 s per step, started 9 s late and ran alone, 10 % of the run). The database sees every due step,
 * whichever partition holds its record.
 *
 * <p>Probing is throttled per loop, not per slot: one probe at a time, the next one at once after a claim (more may be
 * waiting), else after a pause that doubles from one second up to thirty while nothing is found, and falls back to one
 * second whenever a slot receives a record (work is flowing again). An idle worker so costs the database one indexed
 * query ({@code run_tile_backlog_idx}) every thirty seconds. Thread-safe.
 */
final class StrandedSteps {

    /** {@link #nextProbe} while a slot probes. */
    private static final long PROBING = Long.MAX_VALUE;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    private static final String SELECT = "SELECT rt.run_id, rt.tile_id, rt.attempt, rt.trace_id, t.plate_id, t.ra_deg, t.dec_deg"
            + " FROM run_tile rt JOIN tile t ON t.tile_id = rt.tile_id"
            + " WHERE rt.step = ? AND rt.state IN ('QUEUED', 'RETRY') AND (rt.not_before IS NULL OR rt.not_before <= now())"
            + " AND rt.published_at < now() - ?::interval"
            + " LIMIT 1 FOR UPDATE OF rt SKIP LOCKED";

    private final Step step;
    private final Duration after;
    private final AtomicLong nextProbe = new AtomicLong(System.nanoTime());
    private final AtomicLong pauseNanos = new AtomicLong(FIRST_PAUSE.toNanos());

    StrandedSteps(Step step, Duration after) {
        this.step = step;
        this.after = after;
    }

    /**
     * True when the caller may probe now; it then owns the probe until {@link #probed}. False while probing is off, another
     * slot probes, or the pause after an empty probe lasts.
     */
    boolean mayProbe() {
        if (after.isZero()) {
            return false;
        }
        long due = nextProbe.get();
        return due != PROBING && System.nanoTime() - due >= 0 && nextProbe.compareAndSet(due, PROBING);
    }

    /** Ends a probe: the next one may follow at once after a claim, else after the (doubled) pause. */
    void probed(boolean claimed) {
        long now = System.nanoTime();
        if (claimed) {
            nextProbe.set(now);
            return;
        }
        long pause = pauseNanos.getAndUpdate(p -> Math.min(p * 2, LONGEST_PAUSE.toNanos()));
        nextProbe.set(now + pause);
    }

    /** A slot received a record: work flows, so an empty poll soon after may mean stranded tasks again. */
    void recordReceived() {
        if (pauseNanos.get() != FIRST_PAUSE.toNanos()) {
            pauseNanos.set(FIRST_PAUSE.toNanos());
            long soon = System.nanoTime() + FIRST_PAUSE.toNanos();
            nextProbe.getAndUpdate(due -> due == PROBING || due - soon < 0 ? due : soon);
        }
    }

    /**
     * In the caller's transaction: locks one stranded step of this loop's step (skipping any another slot or the
     * reconciler holds) and claims it for {@code owner}.
     *
     * @return the claim, or empty when no step is stranded
     */
    Optional<Claim> claimOne(Connection c, StepClaims claims, String owner) throws SQLException {
        TileTask task;
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, step.label());
            ps.setString(2, after.toMillis() + " milliseconds");
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                task = new TileTask(TileTask.SCHEMA, rs.getString(1), TileId.of(rs.getString(2)), rs.getString(5),
                        rs.getDouble(6), rs.getDouble(7), step, rs.getInt(3) + 1, rs.getString(4));
            }
        }
        return claims.claim(c, task, owner);
    }
}
