package org.vasco.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.services.SharedServices;

/**
 * Status and retry on a run whose tiles are moved through their states by SQL, as the workers' claims would
 * move them (the stage loop itself is tested with the workers).
 */
class StatusAndRetryCommandTest {

    private String run;
    private List<String> tiles;

    @BeforeEach
    void submitFiveTiles() throws Exception {
        run = "status-" + UUID.randomUUID().toString().substring(0, 8);
        // full: the run has no measure step, which unknownRunsAndStepsExitWith2 asks to retry
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE100", "--limit", "5",
                "--mode", "full", "--run", run);
        assertThat(r.exitCode()).as(r.err()).isZero();
        tiles = new ArrayList<>();
        try (Connection c = SharedServices.get().database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT tile_id FROM run_tile WHERE run_id = ? ORDER BY tile_id")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tiles.add(rs.getString(1));
                }
            }
        }
        assertThat(tiles).hasSize(5);
    }

    private void setState(String tile, String step, String state) throws Exception {
        int n = CliHarness.update("UPDATE run_tile SET state = ?, finished_at = now(), attempt = 3,"
                + " error_message = CASE WHEN ? = 'FAILED' THEN 'archive said 500' END WHERE run_id = ? AND tile_id = ? AND step = ?",
                state, state, run, tile, step);
        if (n == 0) {
            CliHarness.update("INSERT INTO run_tile (run_id, tile_id, step, state, finished_at) VALUES (?, ?, ?, ?, now())",
                    run, tile, step, state);
        }
    }

    private JsonNode statusJson() throws Exception {
        CliHarness.Result r = CliHarness.run(new StatusCommand(CliHarness.context()), "--run", run, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void countsEachStepAndIsCompleteOnlyWhenEveryTileIsFinal() throws Exception {
        JsonNode fresh = statusJson();
        assertThat(fresh.get("run").asText()).isEqualTo(run);
        assertThat(fresh.get("tiles").asInt()).isEqualTo(5);
        assertThat(fresh.at("/steps/download/queued").asInt()).isEqualTo(5);
        assertThat(fresh.at("/steps/extract/pending").asInt()).isEqualTo(5);
        assertThat(fresh.get("complete").asBoolean()).isFalse();

        // tile 0 runs through every step; tile 1 is skipped at download; tile 2 fails at extract;
        // tile 3 is running its download; tile 4 waits for a retry of its download.
        for (String step : List.of("download", "extract", "xmatch", "veto")) {
            setState(tiles.get(0), step, "DONE");
        }
        setState(tiles.get(1), "download", "SKIPPED");
        setState(tiles.get(2), "download", "DONE");
        setState(tiles.get(2), "extract", "FAILED");
        setState(tiles.get(3), "download", "RUNNING");
        setState(tiles.get(4), "download", "RETRY");

        JsonNode s = statusJson();
        assertThat(s.at("/steps/download").toString())
                .isEqualTo("{\"pending\":0,\"queued\":1,\"running\":1,\"done\":2,\"failed\":0,\"skipped\":1}");
        assertThat(s.at("/steps/extract").toString())
                .isEqualTo("{\"pending\":3,\"queued\":0,\"running\":0,\"done\":1,\"failed\":1,\"skipped\":0}");
        assertThat(s.at("/steps/veto/done").asInt()).isEqualTo(1);
        assertThat(s.get("finished").asInt()).isEqualTo(3);
        assertThat(s.get("complete").asBoolean()).isFalse();
        assertThat(s.get("failed_tiles")).hasSize(1);
        assertThat(s.at("/failed_tiles/0/tile_id").asText()).isEqualTo(tiles.get(2));
        assertThat(s.at("/failed_tiles/0/step").asText()).isEqualTo("extract");
        assertThat(s.get("rate_per_min").asDouble()).isPositive();

        setState(tiles.get(3), "download", "FAILED");
        setState(tiles.get(4), "download", "SKIPPED");
        assertThat(statusJson().get("complete").asBoolean()).isTrue();

        CliHarness.Result table = CliHarness.run(new StatusCommand(CliHarness.context()), "--run", run);
        assertThat(table.out()).contains("finished 5/5 tiles").contains("2 failed tile step(s)").contains("complete");
        // and the picture: one line per step, the tiles through it by now at the right
        assertThat(table.out()).contains("tiles through each step since submission:")
                .containsPattern("(?m)^download [|│].{48}[|│] 5/5$").containsPattern("(?m)^extract  [|│].{48}[|│] 2/5$");
    }

    @Test
    void watchReturnsOnceTheRunIsComplete() throws Exception {
        for (String tile : tiles) {
            setState(tile, "download", "SKIPPED");
        }
        CliHarness.Result r = CliHarness.run(new StatusCommand(CliHarness.context()), "--run", run, "--watch", "--json", "--interval", "1");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\"complete\":true");
    }

    @Test
    void statusWithoutRunShowsTheLatestRun() {
        CliHarness.Result r = CliHarness.run(new StatusCommand(CliHarness.context()), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"run\":\"" + run + "\"");
    }

    @Test
    void retryRequeuesFailedStepsWithAFreshTask() throws Exception {
        setState(tiles.get(0), "download", "FAILED");
        setState(tiles.get(1), "download", "DONE");
        setState(tiles.get(1), "extract", "FAILED");
        setState(tiles.get(2), "download", "DONE");

        CliHarness.Result onlyExtract = CliHarness.run(new RetryCommand(CliHarness.context()), "--run", run, "--step", "extract");
        assertThat(onlyExtract.exitCode()).as(onlyExtract.err()).isZero();
        assertThat(onlyExtract.out()).contains("Re-queued 1 failed tile step(s)");

        CliHarness.Result all = CliHarness.run(new RetryCommand(CliHarness.context()), "--run", run);
        assertThat(all.out()).contains("Re-queued 1 failed tile step(s)");

        assertThat(CliHarness.count("SELECT count(*) FROM run_tile WHERE run_id = ? AND state = 'FAILED'", run)).isZero();
        assertThat(CliHarness.count("SELECT count(*) FROM run_tile WHERE run_id = ? AND state = 'RETRY' AND attempt = 0"
                + " AND error_message IS NULL AND not_before <= now()", run)).isEqualTo(2);
        List<TileTask> tasks = new ArrayList<>();
        try (Connection c = SharedServices.get().database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT payload FROM outbox WHERE payload LIKE ? ORDER BY id")) {
            ps.setString(1, "%\"run_id\":\"" + run + "\"%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tasks.add(TaskCodec.decode(rs.getBytes(1)));
                }
            }
        }
        // five first tasks from the submission, then the two retries
        assertThat(tasks).hasSize(7);
        assertThat(tasks.subList(5, 7)).extracting(t -> t.tileId() + "@" + t.step().label())
                .containsExactly(tiles.get(1) + "@extract", tiles.get(0) + "@download");
    }

    @Test
    void unknownRunsAndStepsExitWith2() throws Exception {
        String before = CliHarness.writtenRows();
        CliHarness.Result noRun = CliHarness.run(new RetryCommand(CliHarness.context()), "--run", "no-such-run");
        assertThat(noRun.exitCode()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(noRun.err()).contains("Unknown run 'no-such-run'");
        CliHarness.Result noStep = CliHarness.run(new RetryCommand(CliHarness.context()), "--run", run, "--step", "measure");
        assertThat(noStep.exitCode()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(noStep.err()).contains("has no step 'measure'");
        assertThat(CliHarness.run(new StatusCommand(CliHarness.context()), "--run", "no-such-run").exitCode())
                .isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(CliHarness.writtenRows()).isEqualTo(before);
    }

    @Test
    void outboxMessagesThatCanNeverBePublishedAreListedInTextAndJson() throws Exception {
        String key = "dlq-" + UUID.randomUUID();
        // The key as a hostile message would carry it: an ANSI escape must not reach the terminal.
        CliHarness.update("INSERT INTO outbox (topic, msg_key, payload, failed_at, failure) VALUES ('vasco.tile.dlq', ?,"
                + " '{}', now(), 'RECORD_TOO_LARGE: RecordTooLargeException: The message is 2097282 bytes')", key + "\033[2J");

        CliHarness.Result text = CliHarness.run(new StatusCommand(CliHarness.context()), "--run", run);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("outbox message(s) could never be published")
                .contains("vasco.tile.dlq key '" + key + "\\u001b[2J': RECORD_TOO_LARGE: RecordTooLargeException")
                .doesNotContain("\033");
        JsonNode json = statusJson();
        assertThat(json.at("/outbox_failures/count").asLong()).isPositive();
        assertThat(json.at("/outbox_failures/latest/0/key").asText()).isEqualTo(key + "\033[2J");
        assertThat(json.at("/outbox_failures/latest/0/failure").asText()).startsWith("RECORD_TOO_LARGE");
    }
}
