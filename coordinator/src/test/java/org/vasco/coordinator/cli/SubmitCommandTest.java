package org.vasco.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.RunMode;
import org.vasco.testkit.services.SharedServices;

class SubmitCommandTest {

    private static final List<PlanTile> PLAN = TessellationPlan.generate(PlateCatalogue.bundled());

    private static String uniqueRun(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> planTilesOf(String plate) {
        return PLAN.stream().filter(t -> t.plateId().equals(plate)).map(t -> t.tileId().value()).toList();
    }

    @Test
    void submittingAPlateQueuesExactlyThatPlatesTilesWithOneTaskEach() throws Exception {
        String run = uniqueRun("xe309");
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE309", "--run", run);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Submitted run " + run + ": 13 tile(s)");
        List<String> queued = new ArrayList<>();
        try (Connection c = SharedServices.get().database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT tile_id, step, state, attempt FROM run_tile WHERE run_id = ? ORDER BY tile_id")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString(2)).isEqualTo("download");
                    assertThat(rs.getString(3)).isEqualTo("QUEUED");
                    assertThat(rs.getInt(4)).isZero();
                    queued.add(rs.getString(1));
                }
            }
        }
        assertThat(queued).containsExactlyInAnyOrderElementsOf(planTilesOf("XE309"));

        List<TileTask> tasks = new ArrayList<>();
        try (Connection c = SharedServices.get().database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT topic, payload FROM outbox WHERE payload LIKE ?")) {
            ps.setString(1, "%\"run_id\":\"" + run + "\"%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).isEqualTo("vasco.tile.download");
                    tasks.add(TaskCodec.decode(rs.getBytes(2)));
                }
            }
        }
        assertThat(tasks).extracting(TileTask::tileId).containsExactlyInAnyOrderElementsOf(planTilesOf("XE309"));
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.plateId()).isEqualTo("XE309");
            assertThat(t.step()).isEqualTo(Step.DOWNLOAD);
            assertThat(t.attempt()).isEqualTo(1);
        });
        assertThat(CliHarness.count("SELECT count(*) FROM run WHERE run_id = ? AND mode = 'fast'"
                + " AND steps = ARRAY['download','extract','xmatch','measure','veto']", run)).as("the default mode").isEqualTo(1);
    }

    @Test
    void theFastModeStoresItsStepGraphAndABadModeIsRefused() throws Exception {
        String run = uniqueRun("fast");
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE309", "--limit", "1",
                "--mode", "fast", "--run", run);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("download → extract → xmatch → measure → veto");
        assertThat(CliHarness.count("SELECT count(*) FROM run WHERE run_id = ? AND mode = 'fast'"
                + " AND steps = ARRAY['download','extract','xmatch','measure','veto']", run)).isEqualTo(1);
        assertRejected("choose full or fast", "--plate", "XE309", "--limit", "1", "--mode", "quick", "--run", uniqueRun("bad"));
        assertThat(RunMode.DEFAULT).as("fast is the default: FULL and FAST runs agree in every stage")
                .isEqualTo(RunMode.FAST);
    }

    @Test
    void theScienceProfileIsStoredWithTheRunAndABadOneIsRefused() throws Exception {
        String run = uniqueRun("corrected");
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE309", "--limit", "1",
                "--profile", "corrected", "--run", run);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("profile corrected");
        assertThat(CliHarness.count("SELECT count(*) FROM run WHERE run_id = ? AND profile = 'corrected'", run)).isEqualTo(1);
        String plain = uniqueRun("plain");
        assertThat(CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE309", "--limit", "1", "--run", plain)
                .exitCode()).isZero();
        assertThat(CliHarness.count("SELECT count(*) FROM run WHERE run_id = ? AND profile = 'reference'", plain))
                .as("the default profile").isEqualTo(1);
        assertRejected("choose reference or corrected", "--plate", "XE309", "--limit", "1", "--profile", "loose",
                "--run", uniqueRun("bad"));
    }

    @Test
    void limitTakesTheFirstTilesByPlateTileIndex() throws Exception {
        String run = uniqueRun("limit");
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE309", "--limit", "3", "--run", run);

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> expected = planTilesOf("XE309").subList(0, 3);
        assertThat(CliHarness.count("SELECT count(*) FROM run_tile WHERE run_id = ?", run)).isEqualTo(3);
        for (String tile : expected) {
            assertThat(CliHarness.count("SELECT count(*) FROM run_tile WHERE run_id = ? AND tile_id = ?", run, tile)).isEqualTo(1);
        }
    }

    @Test
    void aTileListFileSubmitsThoseTiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> tiles = List.of(planTilesOf("XE002").get(0), planTilesOf("XE936").get(8));
        Path file = dir.resolve("tiles.txt");
        Files.writeString(file, "# two tiles\n" + tiles.get(0) + "\n\n" + tiles.get(1) + "\n");
        String run = uniqueRun("list");

        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--tiles", file.toString(), "--run", run);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(CliHarness.count("SELECT count(*) FROM run_tile WHERE run_id = ?", run)).isEqualTo(2);
    }

    @Test
    void aPlanFormatCsvSubmitsTheTilesOfItsTileIdColumn(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("subset.csv");
        List<PlanTile> xe005 = PLAN.stream().filter(t -> t.plateId().equals("XE005")).limit(4).toList();
        StringBuilder csv = new StringBuilder(org.vasco.coordinator.plan.PlanCsv.HEADER).append('\n');
        xe005.forEach(t -> csv.append(org.vasco.coordinator.plan.PlanCsv.row(t)).append('\n'));
        Files.writeString(file, csv);
        String run = uniqueRun("csv");

        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--tiles", file.toString(), "--run", run);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(CliHarness.count("SELECT count(*) FROM run_tile WHERE run_id = ?", run)).isEqualTo(4);
    }

    @Test
    void theDefaultRunNameCarriesThePlateAndTheTime() throws Exception {
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE005", "--limit", "1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Submitted run run-XE005-\\d{8}-\\d{6}: 1 tile");
    }

    @Test
    void badRequestsExitWithCode2AndWriteNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String taken = uniqueRun("taken");
        assertThat(CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE309", "--limit", "1", "--run", taken).exitCode()).isZero();
        Path unknownTile = dir.resolve("unknown.txt");
        Files.writeString(unknownTile, planTilesOf("XE309").get(0) + "\ntile_RA1.000_DECp1.000\n");
        Path malformed = dir.resolve("malformed.txt");
        Files.writeString(malformed, "tile_RA1_DECp1\n");
        String before = CliHarness.writtenRows();

        assertRejected("Unknown plate 'XE999'", "--plate", "XE999");
        assertRejected("has no tiles in the plan", "--plate", southernPlate());
        assertRejected("already exists", "--plate", "XE309", "--run", taken);
        assertRejected("Invalid run name", "--plate", "XE309", "--run", "../etc");
        assertRejected("--limit must be at least 1", "--plate", "XE309", "--limit", "0");
        assertRejected("is not a tile of the plan", "--tiles", unknownTile.toString());
        assertRejected("is not a tile id", "--tiles", malformed.toString());
        assertRejected("does not exist", "--tiles", dir.resolve("missing.txt").toString());
        assertRejected("", "--plate", "XE309", "--tiles", unknownTile.toString());
        assertRejected("", "--limit", "3");

        assertThat(CliHarness.writtenRows()).isEqualTo(before);
    }

    @Test
    void withoutAClusterTheCommandSaysHowToGetOne(@org.junit.jupiter.api.io.TempDir Path dir) {
        CliContext nowhere = new CliContext(new ClusterLocator(org.vasco.common.config.Environment.of(java.util.Map.of()), dir),
                java.time.Clock.systemUTC());
        CliHarness.Result r = CliHarness.run(new SubmitCommand(nowhere), "--plate", "XE309");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(r.err()).contains("no cluster: start one with ./vasco up");
    }

    private static String southernPlate() {
        return PlateCatalogue.bundled().all().stream().filter(p -> p.decDeg() < TessellationPlan.PLATE_DEC_LIMIT)
                .findFirst().orElseThrow().plateId();
    }

    private static void assertRejected(String message, String... args) {
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), args);
        assertThat(r.exitCode()).as(String.join(" ", args) + " → " + r.err()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(r.err()).contains(message);
    }

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
