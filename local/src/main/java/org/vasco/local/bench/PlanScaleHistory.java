package org.vasco.local.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vasco.common.db.Database;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.CandidateVerdict;
import org.vasco.veto.stages.VetoStage;

/**
 * A plan-scale history written straight into a scratch database, for the database benchmarks: what {@code run_tile},
 * {@code outbox}, {@code candidate} and {@code candidate_flag} hold after {@code finishedRuns} runs over the whole
 * plan and during one more. Expects the plan's tiles loaded.
 *
 * <ul>
 *   <li>Finished runs {@code hist-1 … hist-N}: FINALISED, every tile through every step (DONE; one tile in 50 SKIPPED at
 *       download, one in 400 FAILED at extract), finished days ago, each step's task published once through the
 *       outbox.</li>
 *   <li>The run in progress, {@link #LIVE}: downloads done; extract 70 % queued, 2 % retrying (half still backing
 *       off), 0.4 % running under live leases, the rest done; xmatch queued behind the extract steps done. Every task
 *       was published seconds ago, so a reconciler round finds nothing to do: the figures are what every quiet round
 *       costs.</li>
 *   <li>{@code hist-1}'s candidates: 4 per tile, judged by five post stages as a shrinking set ({@link #FLAGGED_RUN}),
 *       about 235,000 {@code candidate_flag} rows.</li>
 * </ul>
 */
final class PlanScaleHistory {

    /** The run in progress. */
    static final String LIVE = "live";
    /** The finished run with candidates and post-stage verdicts. */
    static final String FLAGGED_RUN = "hist-1";
    /** The post stages the flagged run's candidates went through, in order. */
    static final String[] POST_STAGES = {"S0M_MORPH", "S0S_SHAPE", "S1_GSC", "S2_SKYBOT", "S3_SCOS"};

    private PlanScaleHistory() {
    }

    /** Writes the history; returns the number of {@code run_tile} rows. */
    static long write(Database db, int finishedRuns) throws SQLException {
        db.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO run (run_id, steps, state) VALUES ('" + LIVE + "', '{download,extract,xmatch,measure,veto}',"
                        + " 'ACTIVE')");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, created_at, steps, state, completed_at,"
                        + " finalised_at) SELECT 'hist-' || r, now() - (r + 1) * interval '3 days', '{download,extract,xmatch,measure,veto}',"
                        + " 'FINALISED', now() - (r + 1) * interval '3 days' + interval '20 hours',"
                        + " now() - (r + 1) * interval '3 days' + interval '20 hours' FROM generate_series(1, ?) r")) {
                    ps.setInt(1, finishedRuns);
                    ps.executeUpdate();
                }
                finishedRuns(c, finishedRuns);
                liveRun(st);
                // Every task of every run went through the outbox once and was published.
                st.execute("INSERT INTO outbox (topic, msg_key, payload, available_at, created_at, published_at, run_id, step)"
                        + " SELECT 'vasco.tile.' || rt.step, rt.tile_id, '{\"schema\":1,\"run_id\":\"' || rt.run_id || '\",\"tile_id\":\"'"
                        + "   || rt.tile_id || '\",\"plate_id\":\"XE000\",\"ra_deg\":1.0,\"dec_deg\":2.0,\"step\":\"' || rt.step"
                        + "   || '\",\"attempt\":1,\"trace_id\":\"0123456789abcdef0123456789abcdef\"}',"
                        + "   rt.queued_at, rt.queued_at, coalesce(rt.published_at, rt.queued_at), rt.run_id, rt.step"
                        + " FROM run_tile rt ORDER BY rt.queued_at, rt.run_id, rt.tile_id, rt.step");
                flaggedCandidates(c);
            }
            return null;
        });
        // The flagged run's stage ledgers, as its veto steps left them: every tile's shares, recounted from its verdicts.
        VetoChainRunner chain = postStages();
        db.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO stage_ledger_run (run_id, stage) SELECT '" + FLAGGED_RUN + "', s"
                        + " FROM unnest('{S0M_MORPH,S0S_SHAPE,S1_GSC,S2_SKYBOT,S3_SCOS}'::text[]) s");
            }
            List<String> tiles = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tile_id FROM tile"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tiles.add(rs.getString(1));
                }
            }
            chain.refreshLedgers(c, FLAGGED_RUN, tiles);
            return null;
        });
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            // What autovacuum does to tables this size soon after the inserts: statistics and the visibility map.
            st.execute("VACUUM ANALYZE");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM run_tile")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void finishedRuns(Connection c, int finishedRuns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_tile (run_id, tile_id, step, state, attempt, queued_at,"
                + " published_at, started_at, finished_at, updated_at, outcome)"
                + " SELECT 'hist-' || r, t.tile_id, s.step, x.state, 1, x.at, x.at, x.at, x.at, x.at, x.state"
                + " FROM generate_series(1, ?) r CROSS JOIN tile t"
                + " CROSS JOIN unnest('{download,extract,xmatch,measure,veto}'::text[]) WITH ORDINALITY AS s(step, k)"
                + " CROSS JOIN LATERAL (SELECT CASE WHEN t.plate_tile_idx % 50 = 0 AND s.step = 'download' THEN 'SKIPPED'"
                + "   WHEN t.plate_tile_idx % 400 = 7 AND s.step = 'extract' THEN 'FAILED' ELSE 'DONE' END AS state,"
                + "   now() - (r + 1) * interval '3 days' + s.k * interval '1 hour' AS at) x"
                // no step after a SKIPPED download or a FAILED extract
                + " WHERE NOT (t.plate_tile_idx % 50 = 0 AND s.step <> 'download')"
                + "   AND NOT (t.plate_tile_idx % 400 = 7 AND s.k > 2)")) {
            ps.setInt(1, finishedRuns);
            ps.executeUpdate();
        }
    }

    private static void liveRun(Statement st) throws SQLException {
        st.execute("INSERT INTO run_tile (run_id, tile_id, step, state, attempt, queued_at, published_at, started_at, finished_at,"
                + " outcome) SELECT '" + LIVE + "', tile_id, 'download', 'DONE', 1, now() - interval '2 hours',"
                + " now() - interval '2 hours', now() - interval '2 hours', now() - interval '1 hour', 'DONE' FROM tile");
        st.execute("INSERT INTO run_tile (run_id, tile_id, step, state, attempt, queued_at, published_at, not_before, lease_owner,"
                + " lease_until, started_at, finished_at, outcome)"
                + " SELECT '" + LIVE + "', tile_id, 'extract',"
                + "   CASE WHEN k < 70 THEN 'QUEUED' WHEN k < 72 THEN 'RETRY' WHEN k < 72.4 THEN 'RUNNING' ELSE 'DONE' END,"
                + "   CASE WHEN k < 70 THEN 0 ELSE 1 END, now() - interval '1 hour', now() - interval '10 seconds',"
                + "   CASE WHEN k >= 70 AND k < 71 THEN now() + interval '5 minutes'"
                + "        WHEN k >= 71 AND k < 72 THEN now() - interval '5 minutes' END,"
                + "   CASE WHEN k >= 72 AND k < 72.4 THEN 'bench-worker' END,"
                + "   CASE WHEN k >= 72 AND k < 72.4 THEN now() + interval '5 minutes' END,"
                + "   CASE WHEN k >= 70 THEN now() - interval '20 seconds' END,"
                + "   CASE WHEN k >= 72.4 THEN now() - interval '10 seconds' END,"
                + "   CASE WHEN k >= 72.4 THEN 'DONE' WHEN k >= 70 AND k < 72 THEN 'RETRY' END"
                + " FROM (SELECT tile_id, (row_number() OVER (ORDER BY tile_id) * 37 % 1000) / 10.0 AS k FROM tile) t");
        st.execute("INSERT INTO run_tile (run_id, tile_id, step, state, attempt, queued_at, published_at)"
                + " SELECT run_id, tile_id, 'xmatch', 'QUEUED', 0, now() - interval '10 seconds', now() - interval '10 seconds'"
                + " FROM run_tile WHERE run_id = '" + LIVE + "' AND step = 'extract' AND state = 'DONE'");
    }

    /** A chain of the flagged run's post stages, for recounting their ledgers (the stages never judge here). */
    static VetoChainRunner postStages() {
        List<VetoStage> stages = new ArrayList<>();
        for (String name : POST_STAGES) {
            stages.add(new VetoStage() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Map<String, Object> parameters() {
                    return Map.of();
                }

                @Override
                public List<CandidateVerdict> judge(List<Candidate> batch) {
                    throw new UnsupportedOperationException("the benchmark's stages only name the ledgers");
                }
            });
        }
        return new VetoChainRunner(stages);
    }

    /**
     * Four candidates per tile of {@link #FLAGGED_RUN}, and the verdicts of the post stages: each stage judges the
     * survivors of the one before and rejects about one in 25 of them.
     */
    private static void flaggedCandidates(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO candidate (run_id, src_id, tile_id, plate_id, object_number, ra_deg, dec_deg)"
                    + " SELECT '" + FLAGGED_RUN + "', t.tile_id || ':' || n, t.tile_id, t.plate_id, n, t.ra_deg, t.dec_deg"
                    + " FROM tile t CROSS JOIN generate_series(1, 4) n");
        }
        // The survivors of the stages so far are the candidates none of them rejected.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidate_flag (run_id, src_id, stage, verdict, reason)"
                + " SELECT ca.run_id, ca.src_id, s.stage,"
                + "   CASE WHEN s.h % 25 = 0 THEN 'REJECT' WHEN s.h % 25 = 1 THEN 'FLAG' ELSE 'KEEP' END,"
                + "   CASE WHEN s.h % 25 = 0 THEN 'MATCH_' || (abs(hashtext(ca.src_id)) % 3) END"
                + " FROM candidate ca CROSS JOIN LATERAL (SELECT ?::text AS stage, abs(hashtext(ca.src_id || ?)) AS h) s"
                + " WHERE ca.run_id = '" + FLAGGED_RUN + "' AND NOT EXISTS (SELECT 1 FROM candidate_flag f"
                + "   WHERE f.run_id = ca.run_id AND f.src_id = ca.src_id AND f.verdict = 'REJECT')")) {
            for (String stage : POST_STAGES) {
                ps.setString(1, stage);
                ps.setString(2, stage);
                ps.executeUpdate();
            }
        }
    }
}
