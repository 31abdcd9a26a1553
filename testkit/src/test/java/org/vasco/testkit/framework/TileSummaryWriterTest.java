package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.stage.StageResult.DbEffect;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.common.summary.TileSummaryWriter;
import org.vasco.common.task.Step;
import org.vasco.common.tile.TileId;

/**
 * The one writer of {@code tile_summary} on the shared database: the steps' counters add up key by key whatever order
 * they commit in, a step committing again replaces only its own values, and the WCSFIX status stays unless given.
 */
class TileSummaryWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void countersOfBothStepsAddUpInEitherOrderAndWcsfixStaysUnlessGiven() throws Exception {
        Map<String, Object> xmatch = counters(FunnelCounter.VETO_START_ROWS, 40, FunnelCounter.VETO_AFTER_USNOB_ROWS, 7);
        Map<String, Object> veto = counters(FunnelCounter.LATE_KEPT_HARD_GATES, 5, FunnelCounter.SURVIVORS, 4);
        Map<String, Object> wcsfix = Map.of("ok", true, "tie_points", 31);

        for (boolean xmatchFirst : List.of(true, false)) {
            String run = FrameworkFixture.newRunId("summary");
            TileId tile = seed(run);
            DbEffect fromXmatch = TileSummaryWriter.merge(run, tile, xmatch, wcsfix);
            DbEffect fromVeto = TileSummaryWriter.merge(run, tile, veto, null);
            for (DbEffect e : xmatchFirst ? List.of(fromXmatch, fromVeto) : List.of(fromVeto, fromXmatch)) {
                apply(e);
            }
            JsonNode[] row = row(run, tile);
            assertThat(row[0].get("veto_start_rows").asInt()).as("xmatch first: %s", xmatchFirst).isEqualTo(40);
            assertThat(row[0].get("veto_after_usnob_rows").asInt()).isEqualTo(7);
            assertThat(row[0].get("late_kept_hard_gates").asInt()).isEqualTo(5);
            assertThat(row[0].get("survivors").asInt()).isEqualTo(4);
            assertThat(row[1].get("tie_points").asInt()).as("the WCSFIX status the xmatch step set").isEqualTo(31);
        }
    }

    @Test
    void aStepCommittingAgainReplacesItsOwnValuesOnly() throws Exception {
        String run = FrameworkFixture.newRunId("summary");
        TileId tile = seed(run);
        apply(TileSummaryWriter.merge(run, tile, counters(FunnelCounter.VETO_START_ROWS, 40), Map.of("ok", true)));
        apply(TileSummaryWriter.merge(run, tile, counters(FunnelCounter.SURVIVORS, 4, FunnelCounter.BRIGHT_STARS, Double.NaN), null));
        apply(TileSummaryWriter.merge(run, tile, counters(FunnelCounter.SURVIVORS, 3), null));

        JsonNode[] row = row(run, tile);
        assertThat(row[0].get("survivors").asInt()).isEqualTo(3);
        assertThat(row[0].get("veto_start_rows").asInt()).isEqualTo(40);
        assertThat(row[0].get("bright_stars").isNull()).as("a non-finite number is stored as null").isTrue();
        assertThat(row[1].get("ok").asBoolean()).isTrue();
    }

    @Test
    void aKeyThatIsNoFunnelCounterIsRefused() {
        assertThatThrownBy(() -> TileSummaryWriter.merge("r", FrameworkFixture.tileId(0), Map.of("veto_after_gia_rows", 1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("veto_after_gia_rows");
    }

    private static Map<String, Object> counters(Object... counterThenValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < counterThenValue.length; k += 2) {
            m.put(((FunnelCounter) counterThenValue[k]).key(), counterThenValue[k + 1]);
        }
        return m;
    }

    /** A run over one tile (its plate and tile rows, which tile_summary references). */
    private TileId seed(String run) throws SQLException {
        fixture.seedRun(run, List.of(Step.XMATCH, Step.VETO), 1, false);
        return FrameworkFixture.tileId(0);
    }

    private void apply(DbEffect effect) throws SQLException {
        fixture.database().inTransaction(c -> {
            effect.apply(c);
            return null;
        });
    }

    /** The tile's counters and WCSFIX status. */
    private JsonNode[] row(String run, TileId tile) throws SQLException {
        return fixture.database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT counters::text, wcsfix::text FROM tile_summary"
                    + " WHERE run_id = ? AND tile_id = ?")) {
                ps.setString(1, run);
                ps.setString(2, tile.value());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("the tile_summary row").isTrue();
                    try {
                        return new JsonNode[] {JSON.readTree(rs.getString(1)), JSON.readTree(rs.getString(2))};
                    } catch (java.io.IOException e) {
                        throw new SQLException(e);
                    }
                }
            }
        });
    }
}
