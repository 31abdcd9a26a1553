package org.vasco.coordinator.api;

import org.vasco.coordinator.json.ApiJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.coordinator.review.ReviewFixture;

/** The JSON shapes of the read-only API on a seeded run, and its answers to bad ids. */
class RunApiTest {

    private static ReviewFixture fixture;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReviewFixture();
        base = fixture.serve(Optional.empty());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> response = ReviewFixture.get(base + path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Reply.JSON);
        return ApiJson.MAPPER.readTree(response.body());
    }

    @Test
    void listsRunsWithTheirTileAndCandidateCounts() throws Exception {
        JsonNode run = null;
        for (JsonNode r : json("/api/runs").get("runs")) {
            if (r.get("run_id").asText().equals(fixture.runId)) {
                run = r;
            }
        }
        assertThat(run).isNotNull();
        assertThat(run.get("tiles").asInt()).isEqualTo(2);
        assertThat(run.get("candidates").asInt()).isEqualTo(3);
        assertThat(run.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(run.get("steps")).hasSize(3);
        assertThat(run.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void runStatusCountsStepsPerState() throws Exception {
        JsonNode status = json("/api/runs/" + fixture.runId);
        assertThat(status.get("run_id").asText()).isEqualTo(fixture.runId);
        assertThat(status.get("tiles").asInt()).isEqualTo(2);
        assertThat(status.get("finished_tiles").asInt()).isEqualTo(2);
        assertThat(status.at("/counts/xmatch/done").asInt()).isEqualTo(2);
        assertThat(status.get("failed_tiles")).isEmpty();
    }

    @Test
    void tilesCarryStepsCountersAndCandidates() throws Exception {
        JsonNode tiles = json("/api/runs/" + fixture.runId + "/tiles").get("tiles");
        assertThat(tiles).hasSize(2);
        JsonNode first = tiles.get(0).get("tile_id").asText().equals(fixture.tile.value()) ? tiles.get(0) : tiles.get(1);
        assertThat(first.get("plate_id").asText()).isEqualTo(fixture.plate.plateId());
        assertThat(first.at("/steps/xmatch/state").asText()).isEqualTo("DONE");
        assertThat(first.at("/steps/download/attempt").asInt()).isEqualTo(1);
        assertThat(first.at("/counters/veto_start_rows").asInt()).isEqualTo(120);
        assertThat(first.get("candidates").asInt()).isEqualTo(3);
    }

    @Test
    void candidatesCarryMeasurementsFlagsAndFinality() throws Exception {
        JsonNode all = json("/api/runs/" + fixture.runId + "/candidates").get("candidates");
        assertThat(all).hasSize(3);
        JsonNode first = all.get(0);
        assertThat(first.get("src_id").asText()).isEqualTo(fixture.src(1));
        assertThat(first.get("object_number").asInt()).isEqualTo(1);
        assertThat(first.at("/measurements/FLUX_AUTO").asDouble()).isEqualTo(1234.5);
        assertThat(first.at("/measurements/NOTE").asText()).isEqualTo(ReviewFixture.HOSTILE);
        assertThat(first.get("final_candidate").asBoolean()).isTrue();
        assertThat(first.at("/flags/0/stage").asText()).isEqualTo("morphology");
        assertThat(first.at("/flags/0/verdict").asText()).isEqualTo("KEEP");
        assertThat(first.get("review").isNull()).isTrue();
        JsonNode rejected = all.get(2);
        assertThat(rejected.get("final_candidate").asBoolean()).isFalse();
        assertThat(rejected.at("/flags/0/reason").asText()).isEqualTo("known asteroid");

        List<String> finals = new ArrayList<>();
        json("/api/runs/" + fixture.runId + "/candidates?final=true").get("candidates")
                .forEach(c -> finals.add(c.get("src_id").asText()));
        assertThat(finals).containsExactly(fixture.src(1), fixture.src(2));
        assertThat(json("/api/runs/" + fixture.runId + "/candidates?limit=1&offset=1").get("candidates").get(0)
                .get("src_id").asText()).isEqualTo(fixture.src(2));
        assertThat(json("/api/runs/" + fixture.runId + "/candidates/" + fixture.src(3)).get("plate_epoch").asDouble())
                .isEqualTo(1953.2);
    }

    @Test
    void funnelSumsTheTileCountersAndCountsVerdicts() throws Exception {
        JsonNode funnel = json("/api/runs/" + fixture.runId + "/funnel");
        assertThat(funnel.get("tiles_summarised").asInt()).isEqualTo(2);
        assertThat(funnel.at("/counters/veto_start_rows").asLong()).isEqualTo(200);
        assertThat(funnel.at("/counters/veto_gaia_eliminated").asLong()).isEqualTo(179);
        assertThat(funnel.get("counters").has("ps1_veto_enabled")).isFalse();
        assertThat(funnel.get("candidates").asInt()).isEqualTo(3);
        assertThat(funnel.get("final_candidates").asInt()).isEqualTo(2);
        assertThat(funnel.at("/stage_verdicts/skybot/REJECT").asInt()).isEqualTo(1);
        assertThat(funnel.at("/stage_verdicts/morphology/KEEP").asInt()).isEqualTo(2);
        assertThat(funnel.at("/stages/0/rejected_rows").asInt()).isEqualTo(1);
        // Every tile is final, but no coordinator finalised the run: the report has no funnel yet.
        JsonNode report = json("/api/runs/" + fixture.runId + "/report");
        assertThat(report.get("complete").asBoolean()).isTrue();
        assertThat(report.get("finalised").asBoolean()).isFalse();
        assertThat(report.has("funnel")).isFalse();
    }

    @Test
    void badIdsAreRefusedAndUnknownOnesNotFound() throws Exception {
        assertError("/api/runs/..%2Fetc", 400, "Invalid run name");
        assertError("/api/runs/no-such-run-" + fixture.runId, 404, "Unknown run");
        assertError("/api/runs/" + fixture.runId + "/candidates/not-a-tile:1", 400, "Invalid candidate id");
        assertError("/api/runs/" + fixture.runId + "/candidates/" + fixture.tile + ":x1", 400, "Invalid candidate id");
        assertError("/api/runs/" + fixture.runId + "/candidates/" + fixture.src(99), 404, "no candidate");
        assertError("/api/runs/" + fixture.runId + "/candidates?limit=0", 400, "limit");
        assertError("/api/nothing/here", 404, "No such resource");
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/api/runs/" + fixture.runId + "/funnel")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    private static void assertError(String path, int status, String message) throws Exception {
        HttpResponse<String> response = ReviewFixture.get(base + path);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(ApiJson.MAPPER.readTree(response.body()).get("error").asText()).contains(message);
    }
}
