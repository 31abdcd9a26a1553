package org.vasco.veto.tile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.vasco.common.db.Database;

/**
 * The veto worker's {@link CandidateBatcher.RunTail}: the tiles of a run still in the pipeline are those with a
 * {@code run_tile} row not yet final (QUEUED, RUNNING or RETRY, at any step: a step's successor row is written in
 * the same transaction that finishes it). Each waiting tile of the batch is one of them, RUNNING at veto; when
 * there are no more than that, no other tile can join. One indexed count per tile handed in. Thread-safe.
 */
public final class RunTailQuery implements CandidateBatcher.RunTail {

    private final Database database;

    public RunTailQuery(Database database) {
        this.database = database;
    }

    @Override
    public boolean othersMayJoin(String runId, int waitingTiles) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT tile_id) FROM run_tile"
                     + " WHERE run_id = ? AND state IN ('QUEUED', 'RUNNING', 'RETRY')")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > waitingTiles;
            }
        }
    }
}
