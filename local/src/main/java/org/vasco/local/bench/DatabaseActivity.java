package org.vasco.local.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vasco.common.db.Database;

/**
 * PostgreSQL's own activity counters for the cluster's database, read before and after a run: transactions
 * ({@code pg_stat_database}) and, per table, index and sequential scans and rows inserted, updated and deleted
 * ({@code pg_stat_user_tables}). The statistics collector publishes them with a delay, so a snapshot first asks for
 * fresh ones ({@code pg_stat_clear_snapshot}) and the caller waits for the run's last writes to be reported.
 *
 * @param transactions committed plus rolled back transactions
 * @param tables       per table: scans (index + sequential), and rows written (inserted + updated + deleted)
 */
record DatabaseActivity(long transactions, Map<String, long[]> tables) {

    static DatabaseActivity snapshot(Database db) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement clear = c.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
                clear.execute();
            }
            long transactions;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                transactions = rs.getLong(1);
            }
            Map<String, long[]> tables = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT relname, coalesce(idx_scan, 0) + coalesce(seq_scan, 0), n_tup_ins + n_tup_upd + n_tup_del"
                            + " FROM pg_stat_user_tables ORDER BY relname");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            return new DatabaseActivity(transactions, tables);
        }
    }

    /** {@code this − before}, keeping only tables with any activity. */
    DatabaseActivity since(DatabaseActivity before) {
        Map<String, long[]> delta = new LinkedHashMap<>();
        tables.forEach((table, v) -> {
            long[] b = before.tables.getOrDefault(table, new long[2]);
            long[] d = {v[0] - b[0], v[1] - b[1]};
            if (d[0] != 0 || d[1] != 0) {
                delta.put(table, d);
            }
        });
        return new DatabaseActivity(transactions - before.transactions, delta);
    }
}
