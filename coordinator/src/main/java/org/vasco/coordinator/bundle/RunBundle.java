package org.vasco.coordinator.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.storage.RunFile;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.finalise.Funnel;
import org.vasco.coordinator.finalise.RunCandidate;
import org.vasco.coordinator.finalise.RunReport;
import org.vasco.coordinator.run.InvalidRunRequestException;

/**
 * A run's bundle read back ({@link RunBundleWriter} wrote it): the funnel and the candidates, the values
 * {@code vasco report} and {@code vasco candidates} render exactly as they render those read from the database.
 * Every file read is checked against the checksum manifest first, so a damaged bundle, or one replaced while being
 * read, is an error naming the file, never a wrong answer. Immutable.
 */
public final class RunBundle {

    private static final CsvMapper CSV = new CsvMapper();

    private final Path directory;
    private final ChecksumManifest manifest;
    private final String runId;

    private RunBundle(Path directory, ChecksumManifest manifest, String runId) {
        this.directory = directory;
        this.manifest = manifest;
        this.runId = runId;
    }

    /** True when {@code directory} holds a bundle (its checksum manifest, written last, is there). */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(RunFile.CHECKSUMS.in(directory));
    }

    /**
     * Opens the bundle of {@code runId} in {@code directory}.
     *
     * @throws InvalidRunRequestException when the directory holds no bundle, or another run's
     * @throws IOException                when the bundle is damaged
     */
    public static RunBundle open(Path directory, String runId) throws InvalidRunRequestException, IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!exists(dir)) {
            throw new InvalidRunRequestException("No run bundle in " + dir + ": it has no " + RunFile.CHECKSUMS.fileName()
                    + " (a bundle is written by the coordinator when a run is finalised, under runs/<run>/ in its storage)");
        }
        ChecksumManifest manifest = ChecksumManifest.read(RunFile.CHECKSUMS.in(dir));
        JsonNode provenance = ApiJson.MAPPER.readTree(manifest.readVerified(dir, RunFile.PROVENANCE.fileName()));
        String found = provenance.path("run_id").asText();
        if (!found.equals(runId)) {
            throw new InvalidRunRequestException("The bundle in " + dir + " is of run '" + found + "', not '" + runId + "'");
        }
        return new RunBundle(dir, manifest, runId);
    }

    public Path directory() {
        return directory;
    }

    public String runId() {
        return runId;
    }

    /** The run's report: a bundle is only written for a finalised run, so always complete. */
    public RunReport report() throws IOException {
        JsonNode body = ApiJson.MAPPER.readTree(manifest.readVerified(directory, RunFile.FUNNEL_JSON.fileName()));
        return new RunReport.Complete(ApiJson.MAPPER.treeToValue(body.get("funnel"), Funnel.class));
    }

    /** Every S0 row of the run, representatives and duplicates, in src_id order ({@code vasco candidates --stage ALL}). */
    public List<RunCandidate> candidates() throws IOException {
        Map<String, String> planPlates = planPlates();
        JsonNode rows = ApiJson.MAPPER.readTree(manifest.readVerified(directory, RunFile.CANDIDATES_JSON.fileName()));
        List<RunCandidate> out = new ArrayList<>();
        for (JsonNode row : rows) {
            Map<String, RunCandidate.Verdict> verdicts = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = row.path("verdicts").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                verdicts.put(v.getKey(), new RunCandidate.Verdict(v.getValue().get("verdict").asText(),
                        text(v.getValue().get("reason"))));
            }
            List<String> merged = new ArrayList<>();
            row.path("merged_ids").forEach(id -> merged.add(id.asText()));
            String tileId = row.get("tile_id").asText();
            JsonNode epoch = row.get("plate_epoch");
            out.add(new RunCandidate(row.get("src_id").asText(), tileId, row.get("plate_id").asText(),
                    planPlates.get(tileId), row.get("object_number").asInt(), row.get("ra").asDouble(),
                    row.get("dec").asDouble(), epoch == null || epoch.isNull() ? null : epoch.asDouble(),
                    row.get("measurements").toString(), text(row.get("duplicate_of")), List.copyOf(merged), verdicts));
        }
        return out;
    }

    /** Tile id to plan plate, from the tile coverage. */
    private Map<String, String> planPlates() throws IOException {
        byte[] coverage = manifest.readVerified(directory, RunFile.TILE_COVERAGE.fileName());
        Map<String, String> plates = new HashMap<>();
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(coverage)) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                plates.put(row.get("tile_id"), row.get("plate_id"));
            }
        }
        return plates;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
