package org.vasco.veto.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vasco.common.tile.TileId;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.CandidateVerdict;
import org.vasco.veto.stages.VetoStage;

/**
 * The stage ledgers of a run whose tiles' veto steps commit at the same time: no completion waits for another (the
 * ledger used to be recounted over the whole run under a run-wide advisory lock, so they went one at a time), and the
 * totals read through {@code stage_ledger} are what a recount of the run's verdicts gives.
 */
class StageLedgerTest {

    /** Judges by object number: every third rejected (two reasons for some), the next one flagged, the rest kept. */
    private record NumberedStage(String name, int offset) implements VetoStage {

        @Override
        public Map<String, Object> parameters() {
            return Map.of("offset", offset);
        }

        @Override
        public List<CandidateVerdict> judge(List<Candidate> batch) {
            List<CandidateVerdict> verdicts = new ArrayList<>();
            for (Candidate c : batch) {
                int n = c.objectNumber() + offset;
                verdicts.add(switch (n % 3) {
                    case 0 -> CandidateVerdict.reject(c.srcId(), n % 2 == 0 ? "NEAR_STAR,BRIGHT" : "NEAR_STAR", Map.of());
                    case 1 -> CandidateVerdict.flag(c.srcId(), "EDGE", Map.of());
                    default -> CandidateVerdict.keep(c.srcId(), Map.of());
                });
            }
            return verdicts;
        }
    }

    private static final VetoChainRunner CHAIN = new VetoChainRunner(List.of(new NumberedStage("T1_FIRST", 0),
            new NumberedStage("T2_SECOND", 1)));

    @Test
    void aTileCommitsItsVerdictsWhileAnotherTileOfTheRunHoldsItsTransactionOpen() throws Exception {
        List<Candidate> batch = candidates(2, 6);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Connection first = VetoRows.connection(); Connection second = VetoRows.connection()) {
            String run = VetoRows.newRun(first, batch);
            VetoChainRunner.Judged judged = CHAIN.judge(first, run, batch);
            first.setAutoCommit(false);
            judged.restrictedTo(srcIds(batch, 0)).writes().apply(first);

            Future<?> done = other.submit(() -> {
                second.setAutoCommit(false);
                judged.restrictedTo(srcIds(batch, 1)).writes().apply(second);
                second.commit();
                return null;
            });
            // Before: blocked on the run's advisory lock until the first transaction ended.
            done.get(20, TimeUnit.SECONDS);
            first.commit();
            first.setAutoCommit(true);

            assertThat(ledger(first, run)).isEqualTo(recount(first, run));
            assertThat(ledger(first, run).get("T1_FIRST").get("input_rows").asInt()).isEqualTo(12);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void eightTilesCommittingAtOnceGiveTheTotalsOfARecountOfTheRunsVerdicts() throws Exception {
        int tiles = 8;
        List<Candidate> batch = candidates(tiles, 7);
        String run;
        VetoChainRunner.Judged judged;
        try (Connection c = VetoRows.connection()) {
            run = VetoRows.newRun(c, batch);
            judged = CHAIN.judge(c, run, batch);
        }
        CyclicBarrier together = new CyclicBarrier(tiles);
        ExecutorService pool = Executors.newFixedThreadPool(tiles);
        try {
            List<CompletableFuture<Void>> commits = new ArrayList<>();
            for (int t = 0; t < tiles; t++) {
                VetoChainRunner.Judged share = judged.restrictedTo(srcIds(batch, t));
                commits.add(CompletableFuture.runAsync(() -> {
                    try (Connection c = VetoRows.connection()) {
                        c.setAutoCommit(false);
                        together.await(20, TimeUnit.SECONDS);
                        share.writes().apply(c);
                        c.commit();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(commits.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = VetoRows.connection()) {
            Map<String, JsonNode> ledger = ledger(c, run);
            assertThat(ledger).isEqualTo(recount(c, run));
            JsonNode first = ledger.get("T1_FIRST");
            assertThat(first.get("input_rows").asInt()).isEqualTo(tiles * 7);
            assertThat(first.get("kept_rows").asInt() + first.get("rejected_rows").asInt()).isEqualTo(tiles * 7);
            assertThat(first.get("rejected_by_reason").get("NEAR_STAR").asInt()).isEqualTo(first.get("rejected_rows").asInt());
            assertThat(ledger.get("T2_SECOND").get("input_rows").asInt()).isEqualTo(first.get("kept_rows").asInt());
        }
    }

    /** {@code perTile} candidates on each of {@code tiles} tiles (each of a plate of its own). */
    private static List<Candidate> candidates(int tiles, int perTile) {
        List<Candidate> all = new ArrayList<>();
        for (int t = 0; t < tiles; t++) {
            String tile = TileId.fromCentre(150.0 + t, 20.0).value();
            for (int n = 1; n <= perTile; n++) {
                all.add(new Candidate(tile + ":" + n, tile, "XLT" + t, 150.0 + t, 20.0, 1954.16, 2434802.5, Map.of()));
            }
        }
        return all;
    }

    private static Set<String> srcIds(List<Candidate> batch, int tile) {
        String id = TileId.fromCentre(150.0 + tile, 20.0).value();
        return batch.stream().filter(c -> c.tileId().equals(id)).map(Candidate::srcId).collect(Collectors.toSet());
    }

    /** The view's totals per stage. */
    private static Map<String, JsonNode> ledger(Connection c, String run) throws Exception {
        return totals(c, "SELECT stage, totals::text FROM stage_ledger WHERE run_id = ?", run);
    }

    /** The totals recounted from the run's verdicts, as the run-wide refresh computed them. */
    private static Map<String, JsonNode> recount(Connection c, String run) throws Exception {
        return totals(c, "SELECT stage, jsonb_build_object('input_rows', count(*), 'kept_rows', count(*) FILTER (WHERE verdict <> 'REJECT'),"
                + " 'flagged_rows', count(*) FILTER (WHERE verdict = 'FLAG'), 'rejected_rows', count(*) FILTER (WHERE verdict = 'REJECT'),"
                + " 'rejection_pct', round(100.0 * count(*) FILTER (WHERE verdict = 'REJECT') / count(*), 2),"
                + " 'rejected_by_reason', (SELECT jsonb_object_agg(part, n) FROM (SELECT part, count(*) AS n FROM candidate_flag f2,"
                + "   unnest(string_to_array(f2.reason, ',')) part WHERE f2.run_id = f.run_id AND f2.stage = f.stage"
                + "   AND f2.verdict = 'REJECT' GROUP BY part) x))::text FROM candidate_flag f WHERE run_id = ? GROUP BY run_id, stage", run);
    }

    private static Map<String, JsonNode> totals(Connection c, String sql, String run) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> byStage = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(rs.getString(2));
                    // numbers compared by value: 12.5 and 12.50 are the same percentage
                    node.put("rejection_pct", node.get("rejection_pct").decimalValue().stripTrailingZeros().toPlainString());
                    byStage.put(rs.getString(1), node);
                }
            }
        }
        return byStage;
    }
}
