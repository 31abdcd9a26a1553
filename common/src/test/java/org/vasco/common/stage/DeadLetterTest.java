package org.vasco.common.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;

class DeadLetterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void taskLetterCarriesTheTaskFieldsAndWhyItWasGivenUp() throws Exception {
        TileTask task = new TileTask(TileTask.SCHEMA, "r1", TileId.of("tile_RA10.000_DECp20.000"), "XE309", 10.0, 20.0, Step.XMATCH, 3,
                "t-1");
        DeadLetter letter = DeadLetter.forTask(task, "CATALOGUE_TRUNCATED", "org.example.X", "Gaia reply cut at 2,000 rows",
                Instant.parse("2026-01-02T03:04:05Z"), 3, "w-1");
        assertThat(letter.key()).isEqualTo("tile_RA10.000_DECp20.000");
        JsonNode body = JSON.readTree(letter.toJson());
        assertThat(body.get("run_id").asText()).isEqualTo("r1");
        assertThat(body.get("plate_id").asText()).isEqualTo("XE309");
        assertThat(body.get("ra_deg").asDouble()).isEqualTo(10.0);
        assertThat(body.get("step").asText()).isEqualTo("xmatch");
        assertThat(body.get("reason").asText()).isEqualTo("CATALOGUE_TRUNCATED");
        assertThat(body.get("error_class").asText()).isEqualTo("org.example.X");
        assertThat(body.get("error_message").asText()).isEqualTo("Gaia reply cut at 2,000 rows");
        assertThat(body.get("failed_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(body.get("attempts").asInt()).isEqualTo(3);
        assertThat(body.get("worker").asText()).isEqualTo("w-1");
    }

    @Test
    void malformedLetterKeepsTheRawBodyAndToleratesAMissingKey() throws Exception {
        DeadLetter letter = DeadLetter.forMalformed(null, "download", "{oops", "not a valid tile task", Instant.EPOCH, "w-2");
        assertThat(letter.key()).isEmpty();
        JsonNode body = JSON.readTree(letter.toJson());
        assertThat(body.get("reason").asText()).isEqualTo("MALFORMED");
        assertThat(body.get("raw_payload").asText()).isEqualTo("{oops");
        assertThat(body.get("attempts").asInt()).isZero();
    }

    @Test
    void aMalformedMessageOfMegabytesOfControlCharactersGivesADeadLetterThatFitsTheProducersRequestLimit() throws Exception {
        String hostile = "\0".repeat(3 * 1024 * 1024);
        String key = "k\0".repeat(5000);
        DeadLetter letter = DeadLetter.forMalformed(key, "extract", hostile, "not a valid tile task", Instant.EPOCH, "w-3");

        byte[] json = letter.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json.length).isLessThan(1024 * 1024 - 1024); // the producer's default max.request.size, less the headers
        JsonNode body = JSON.readTree(json);
        assertThat(body.get("raw_payload").asText()).as("kept as received, cut").isEqualTo("\0".repeat(DeadLetter.RAW_PAYLOAD_CAP));
        assertThat(body.get("raw_payload_chars").asInt()).isEqualTo(3 * 1024 * 1024);
        assertThat(letter.key()).startsWith("k\\u0000k").endsWith("… (10000 characters)").hasSizeLessThan(6 * 80 + 30);
    }
}
