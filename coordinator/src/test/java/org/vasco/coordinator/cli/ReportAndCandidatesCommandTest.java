package org.vasco.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vasco.coordinator.finalise.FinaliseFixture;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.testkit.services.SharedServices;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;

class ReportAndCandidatesCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FinaliseFixture finalised(String prefix) throws Exception {
        FinaliseFixture f = new FinaliseFixture(prefix).seedComplete();
        new RunFinaliser(f.db, Clock.systemUTC()).finalise(f.runId).orElseThrow();
        return f;
    }

    @Test
    void reportPrintsTheFunnelAndNamesTheFailedTile() throws Exception {
        FinaliseFixture f = finalised("rep");

        CliHarness.Result text = CliHarness.run(new ReportCommand(CliHarness.context()), "--run", f.runId);
        CliHarness.Result json = CliHarness.run(new ReportCommand(CliHarness.context()), "--run", f.runId, "--json");

        assertThat(text.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(text.out()).contains("4 tiles, 3 done (1 with no survivor), 1 failed, 0 skipped; 2 plates")
                .containsPattern("detections inside 30'\\s+220").containsPattern("S0 \\(after dedup\\)\\s+3")
                .containsPattern("after S1_GSC\\s+1").containsPattern("final\\s+1\\n")
                .contains("Failed tiles (1)", f.tileFailed, "PSF_FAILED");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode body = JSON.readTree(json.out());
        assertThat(body.get("complete").asBoolean()).isTrue();
        JsonNode run = body.get("funnel").get("run");
        assertThat(run.get("tiles_empty").asInt()).isEqualTo(1);
        assertThat(run.get("after_late_filters").asLong()).isEqualTo(7);
        assertThat(run.get("after_stage").get("S0M_MORPH").asLong()).isEqualTo(2);
        assertThat(run.get("final_count").asLong()).isEqualTo(1);
        assertThat(body.get("funnel").get("plates")).hasSize(2);
    }

    @Test
    void reportNamesTheProfileAndChecksEveryS0RowForAGaiaSourceWithinFiveArcsec() throws Exception {
        FinaliseFixture f = finalised("chk");
        String s0 = f.query("SELECT min(src_id) FROM candidate WHERE run_id = ? AND duplicate_of IS NULL", f.runId).get(0)[0];
        f.db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE candidate SET measurements = measurements || ?::jsonb"
                    + " WHERE run_id = ? AND src_id = ?")) {
                ps.setString(1, "{\"nearest_gaia_arcsec\": 3.2, \"in_earth_shadow\": 1, \"earth_shadow_dist_deg\": 4.1}");
                ps.setString(2, f.runId);
                ps.setString(3, s0);
                ps.executeUpdate();
            }
            return null;
        });

        CliHarness.Result text = CliHarness.run(new ReportCommand(CliHarness.context()), "--run", f.runId);
        JsonNode checks = JSON.readTree(CliHarness.run(new ReportCommand(CliHarness.context()), "--run", f.runId, "--json")
                .out()).get("funnel").get("checks");

        assertThat(text.out()).contains("(FINALISED, profile reference)")
                .contains("Gaia DR3 within 5\" at the plate epoch: 1 (CHECK FAILED: the catalogue veto missed them: " + s0 + ")")
                .contains("not checked (vetoed before the check existed): 2")
                .containsPattern("inside Earth's shadow at geostationary distance .*: 1, of them final [01]");
        assertThat(checks.get("s0_rows").asLong()).isEqualTo(3);
        assertThat(checks.get("gaia_within5").asLong()).isEqualTo(1);
        assertThat(checks.get("gaia_within5_ids")).extracting(JsonNode::asText).containsExactly(s0);
    }

    @Test
    void aCompleteRunTheCoordinatorHasNotFinalisedIsFinalisedByReportBeforeCounting() throws Exception {
        FinaliseFixture f = new FinaliseFixture("rep-unfin").seedComplete();

        CliHarness.Result r = CliHarness.run(new ReportCommand(CliHarness.context()), "--run", f.runId);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).containsPattern("S0 \\(after dedup\\)\\s+3");
        assertThat(f.query("SELECT state FROM run WHERE run_id = ?", f.runId).get(0)[0]).isEqualTo("FINALISED");
        assertThat(f.query("SELECT duplicate_of FROM candidate WHERE run_id = ? AND src_id = ?", f.runId, f.duplicate())
                .get(0)[0]).isEqualTo(f.representative());
    }

    @Test
    void whileAnotherCoordinatorHoldsTheRunForFinalisationThereIsNoFunnelYet() throws Exception {
        FinaliseFixture f = new FinaliseFixture("rep-lock").seedComplete();

        CliHarness.Result report;
        CliHarness.Result export;
        try (Connection c = f.db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run WHERE run_id = ? FOR UPDATE")) {
                ps.setString(1, f.runId);
                ps.executeQuery().close();
            }
            report = CliHarness.run(new ReportCommand(CliHarness.context()), "--run", f.runId);
            export = CliHarness.run(new CandidatesCommand(CliHarness.context()), "--run", f.runId, "--format", "json");
            c.rollback();
        }

        assertThat(report.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(report.out()).contains("is complete but its finalisation (S0 dedup) is being committed")
                .doesNotContain("S0 (after dedup)");
        assertThat(export.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(export.out()).isEmpty();
        assertThat(f.query("SELECT state FROM run WHERE run_id = ?", f.runId).get(0)[0]).isEqualTo("ACTIVE");
    }

    @Test
    void anIncompleteRunGetsNoFunnelButItsMissingTilesAndExit1() throws Exception {
        FinaliseFixture f = new FinaliseFixture("rep-open").seedIncomplete();

        CliHarness.Result text = CliHarness.run(new ReportCommand(CliHarness.context()), "--run", f.runId);
        CliHarness.Result json = CliHarness.run(new ReportCommand(CliHarness.context()), "--run", f.runId, "--json");
        CliHarness.Result export = CliHarness.run(new CandidatesCommand(CliHarness.context()), "--run", f.runId,
                "--format", "csv");

        assertThat(text.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(text.out()).startsWith("run " + f.runId + " is not complete: 1 tiles not final")
                .containsPattern(f.tileEmpty + "\\s+XE002\\s+veto\\s+RUNNING").doesNotContain("S0 (after dedup)", "detections inside");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.FAILED);
        JsonNode body = JSON.readTree(json.out());
        assertThat(body.get("complete").asBoolean()).isFalse();
        assertThat(body.has("funnel")).isFalse();
        assertThat(body.get("unfinished_tiles").get(0).get("tile_id").asText()).isEqualTo(f.tileEmpty);
        assertThat(export.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(export.out()).isEmpty();
        assertThat(export.err()).contains("is not complete: 1 tiles not final");
    }

    @Test
    void finalCsvHoldsOnlyTheRepresentativeWithItsVerdictsAndMeasurements() throws Exception {
        FinaliseFixture f = finalised("cand-csv");
        Path out = SharedServices.get().newDirectory("cand").resolve("final.csv");

        CliHarness.Result r = CliHarness.run(new CandidatesCommand(CliHarness.context()), "--run", f.runId,
                "--format", "csv", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.list(out.getParent())).containsExactly(out);
        List<List<String>> rows = csv(Files.readString(out));
        // Measurement columns follow in the stored (jsonb) key order.
        assertThat(rows.get(0)).containsExactly("src_id", "tile_id", "plate_id", "object_number", "ra", "dec",
                "plate_epoch", "duplicate_of", "merged_ids", "S0M_MORPH_verdict", "S0M_MORPH_reason", "S1_GSC_verdict",
                "S1_GSC_reason", "NOTE", "FLAGS", "FLUX_AUTO");
        assertThat(rows).hasSize(2);
        List<String> rep = rows.get(1);
        assertThat(rep.get(0)).isEqualTo(f.representative());
        assertThat(rep.get(6)).isEqualTo("1952.71");
        assertThat(rep.get(7)).isEmpty();
        assertThat(rep.get(8)).isEqualTo(f.duplicate());
        assertThat(rep.subList(9, 13)).containsExactly("KEEP", "", "FLAG", "faint GSC neighbour");
        assertThat(rep.get(13)).isEqualTo("a, \"quoted\" <b>&</b>");
        assertThat(Double.parseDouble(rep.get(15))).isEqualTo(101.5);
        assertThat(Double.parseDouble(rep.get(4))).isEqualTo(f.ra);
    }

    @Test
    void allAsJsonMarksTheDuplicateAndKeepsEveryVerdict() throws Exception {
        FinaliseFixture f = finalised("cand-json");

        CliHarness.Result r = CliHarness.run(new CandidatesCommand(CliHarness.context()), "--run", f.runId,
                "--stage", "all", "--format", "json");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        JsonNode rows = JSON.readTree(r.out());
        assertThat(rows.isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.get("src_id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(f.a(1), f.a(2), f.a(3), f.b(1));
        for (JsonNode row : rows) {
            String id = row.get("src_id").asText();
            assertThat(row.get("duplicate_of").isNull()).isEqualTo(!id.equals(f.duplicate()));
            if (id.equals(f.a(3))) {
                assertThat(row.get("verdicts").get("S0M_MORPH").get("verdict").asText()).isEqualTo("REJECT");
                assertThat(row.get("verdicts").get("S0M_MORPH").get("reason").asText()).isEqualTo("extended, \"galaxy\" <like>");
                assertThat(row.get("measurements").get("FLUX_AUTO").asDouble()).isEqualTo(103.5);
            }
        }
        assertThat(rows.findValues("duplicate_of").stream().filter(JsonNode::isTextual).map(JsonNode::asText))
                .containsExactly(f.representative());
    }

    @Test
    void aStageAsVoTableReadsBackThroughStil() throws Exception {
        FinaliseFixture f = finalised("cand-vot");
        Path out = SharedServices.get().newDirectory("cand").resolve("s0m.vot");

        CliHarness.Result r = CliHarness.run(new CandidatesCommand(CliHarness.context()), "--run", f.runId,
                "--stage", "S0M_MORPH", "--format", "votable", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(out)).contains("version=\"1.4\"", "<TABLEDATA>");
        StarTable table = new StarTableFactory(false).makeStarTable(out.toString(), "votable");
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < table.getColumnCount(); c++) {
            columns.add(table.getColumnInfo(c).getName());
        }
        assertThat(columns).contains("src_id", "ra", "dec", "plate_epoch", "S0M_MORPH_verdict", "S1_GSC_verdict", "NOTE");
        List<String> ids = new ArrayList<>();
        List<Object> gsc = new ArrayList<>();
        List<Object> notes = new ArrayList<>();
        try (RowSequence rows = table.getRowSequence()) {
            while (rows.next()) {
                ids.add((String) rows.getCell(columns.indexOf("src_id")));
                gsc.add(rows.getCell(columns.indexOf("S1_GSC_verdict")));
                notes.add(rows.getCell(columns.indexOf("NOTE")));
                assertThat((Double) rows.getCell(columns.indexOf("FLUX_AUTO"))).isGreaterThan(100.0);
            }
        }
        // After S0M: the representative (FLAG at S1 keeps it) and A:2 (rejected later, at S1); not A:3, not the duplicate.
        List<String> expected = new ArrayList<>(List.of(f.representative(), f.a(2)));
        expected.sort(String::compareTo);
        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(gsc).containsExactlyElementsOf(expected.stream().map(id -> id.equals(f.a(2)) ? "REJECT" : "FLAG").toList());
        assertThat(notes).containsOnly("a, \"quoted\" <b>&</b>");
    }

    @Test
    void anUnknownStageOrFormatIsABadRequest() throws Exception {
        FinaliseFixture f = finalised("cand-bad");

        CliHarness.Result stage = CliHarness.run(new CandidatesCommand(CliHarness.context()), "--run", f.runId,
                "--stage", "S9_NOPE", "--format", "csv");
        CliHarness.Result format = CliHarness.run(new CandidatesCommand(CliHarness.context()), "--run", f.runId,
                "--format", "fits");

        assertThat(stage.exitCode()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(stage.err()).contains("Unknown stage 'S9_NOPE'", "S6_DEC");
        assertThat(format.exitCode()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(format.err()).contains("Unknown format 'fits'");
    }

    /** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        return rows;
    }
}
