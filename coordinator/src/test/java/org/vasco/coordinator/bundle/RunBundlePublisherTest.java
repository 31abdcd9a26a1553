package org.vasco.coordinator.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.RunArtefacts;
import org.vasco.common.storage.RunFile;
import org.vasco.coordinator.review.ReviewsCsv;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.finalise.FinaliseFixture;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.finalise.RunResultsQuery;
import org.vasco.coordinator.report.RunCharts;
import org.vasco.coordinator.report.RunReportPage;
import org.vasco.testkit.services.SharedServices;

class RunBundlePublisherTest {

    private static RunBundlePublisher publisher(FinaliseFixture f, ArtefactStore store) {
        RunResultsQuery query = new RunResultsQuery(f.db, Map.of("VASCO_DEC_MIN", "-30", "VASCO_JDBC_PASSWORD", "hunter2",
                "VASCO_JDBC_URL", "jdbc:postgresql://db/vasco?user=v&password=hunter2", "PATH", "/usr/bin"), "9.9.9-test");
        return new RunBundlePublisher(f.db, store, query,
                new RunBundleWriter(new RunReportPage(new RunCharts(PlateCatalogue.bundled()))));
    }

    @Test
    void aFinalisedRunGetsItsWholeBundleOnceWithEveryFileInTheChecksumManifest() throws Exception {
        FinaliseFixture f = new FinaliseFixture("bundle").seedComplete().seedQuality().seedProfileAndChecks("corrected");
        ArtefactStore store = new ArtefactStore(SharedServices.get().newDirectory("bundle-store"));
        RunBundlePublisher publisher = publisher(f, store);

        assertThat(publisher.publish(f.runId)).as("not finalised yet: no bundle").isEmpty();
        new RunFinaliser(f.db).finalise(f.runId).orElseThrow();
        assertThat(publisher.publishDue()).contains(f.runId);
        assertThat(publisher.publishDue()).as("written once").doesNotContain(f.runId);

        RunArtefacts bundle = store.runArtefacts(f.runId);
        ChecksumManifest manifest = ChecksumManifest.read(bundle.file(RunFile.CHECKSUMS));
        List<String> expected = Stream.of(RunFile.values()).filter(r -> r != RunFile.CHECKSUMS && r != RunFile.RECOVERY)
                .map(RunFile::fileName).toList();
        assertThat(manifest.sums().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        try (Stream<Path> files = Files.list(bundle.directory())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(expected.stream(), Stream.of("SHA256SUMS")).toList());
        }
        for (String name : expected) {
            assertThat(ChecksumManifest.sha256(bundle.directory().resolve(name))).as(name).isEqualTo(manifest.sums().get(name));
        }

        String all = Files.readString(bundle.file(RunFile.CANDIDATES_CSV));
        assertThat(all.lines()).hasSize(1 + 4);
        assertThat(all.lines()).as("the duplicate, marked").anyMatch(line -> line.startsWith(f.duplicate() + ",")
                && line.contains("," + f.representative() + ","));
        assertThat(Files.readString(bundle.file(RunFile.FINAL_CSV)).lines()).hasSize(1 + 1);
        assertThat(Files.readString(bundle.file(RunFile.FINAL_VOTABLE))).contains("<VOTABLE", f.representative());
        assertThat(Files.readString(bundle.file(RunFile.STAGE_VERDICTS)).lines())
                .contains("S0M_MORPH," + f.a(3) + ",REJECT,\"extended, \"\"galaxy\"\" <like>\",{}")
                .contains("S1_GSC," + f.a(2) + ",REJECT,GSC star,{}")
                .noneMatch(line -> line.startsWith("LATE") || line.startsWith("SPIKE"));
        JsonNode ledgers = ApiJson.MAPPER.readTree(bundle.file(RunFile.STAGE_LEDGERS).toFile());
        assertThat(ledgers.findValuesAsText("stage")).containsExactly("S0M_MORPH", "S1_GSC");
        assertThat(ledgers.get(0).get("parameters").get("radius_arcsec").asInt()).isEqualTo(5);

        List<String> coverage = Files.readAllLines(bundle.file(RunFile.TILE_COVERAGE));
        assertThat(coverage).hasSize(1 + 4);
        assertThat(coverage.get(0)).startsWith("tile_id,plate_id,ra_deg,dec_deg,state,step,reason,message,finished_at,psf_fwhm_px");
        assertThat(coverage).anyMatch(line -> line.startsWith(f.tileFailed + ",XE002,") && line.contains(",FAILED,extract,PSF_FAILED,"));
        assertThat(coverage).anyMatch(line -> line.startsWith(f.tileA + ",XE002,") && line.contains(",DONE,veto,"));
        assertThat(Files.readAllLines(bundle.file(RunFile.STEP_TIMELINE))).hasSize(1 + 3 * 4 + 2);
        assertThat(Files.readString(bundle.file(RunFile.FUNNEL_TEXT))).containsPattern("S0 \\(after dedup\\)\\s+3");

        JsonNode provenance = ApiJson.MAPPER.readTree(bundle.file(RunFile.PROVENANCE).toFile());
        assertThat(provenance.get("run_id").asText()).isEqualTo(f.runId);
        assertThat(provenance.get("code_version").asText()).isEqualTo("9.9.9-test");
        assertThat(provenance.get("run").get("mode").asText()).isEqualTo("full");
        assertThat(provenance.get("run").get("profile").asText()).isEqualTo("corrected");
        assertThat(provenance.get("tools").get("sextractor").get(0).asText()).isEqualTo("2.25.0");
        assertThat(provenance.get("tools").get("psfex").get(0).asText()).isEqualTo("3.21.1");
        assertThat(provenance.get("settings").get("VASCO_DEC_MIN").asText()).isEqualTo("-30");
        assertThat(provenance.get("settings").has("PATH")).isFalse();
        assertThat(provenance.toString()).doesNotContain("hunter2");
        assertThat(Files.readString(bundle.file(RunFile.REPORT))).contains("<!DOCTYPE html>", "data:image/svg+xml;base64,",
                f.representative());
        assertThat(Files.readAllLines(bundle.file(RunFile.REVIEWS))).as("no review yet: the header alone")
                .containsExactly(String.join(",", ReviewsCsv.COLUMNS));

        // the review page asks for the bundle again once verdicts are in: reviews.csv has them, the manifest matches
        f.query("INSERT INTO review_verdict (run_id, src_id, verdict, reviewer) VALUES (?, ?, 'artefact', 'ada') RETURNING 1",
                f.runId, f.representative());
        assertThat(publisher.publish(f.runId)).contains(f.runId);
        assertThat(Files.readAllLines(bundle.file(RunFile.REVIEWS))).hasSize(2).last().asString()
                .startsWith(f.runId + "," + f.representative() + ",").contains(",artefact,ada,").endsWith(",true");
        assertThat(ChecksumManifest.sha256(bundle.file(RunFile.REVIEWS)))
                .isEqualTo(ChecksumManifest.read(bundle.file(RunFile.CHECKSUMS)).sums().get(RunFile.REVIEWS.fileName()));
    }

    @Test
    void reFinalisingAfterARetryReplacesTheBundleWhole() throws Exception {
        FinaliseFixture f = new FinaliseFixture("bundle-retry").seedComplete();
        ArtefactStore store = new ArtefactStore(SharedServices.get().newDirectory("bundle-store"));
        RunFinaliser finaliser = new RunFinaliser(f.db);
        finaliser.finalise(f.runId).orElseThrow();
        RunBundlePublisher publisher = publisher(f, store);
        publisher.publish(f.runId).orElseThrow();
        RunArtefacts bundle = store.runArtefacts(f.runId);
        Path stray = bundle.directory().resolve("stray.txt");
        Files.writeString(stray, "a file the old bundle had");
        assertThat(Files.readString(bundle.file(RunFile.FUNNEL_TEXT))).contains("1 failed");

        // vasco retry, and the failed tile finishes this time: the run is finalised again and its bundle replaced
        f.query("UPDATE run_tile SET state = 'DONE', reason = NULL, error_message = NULL, finished_at = now()"
                + " WHERE run_id = ? AND tile_id = ? AND step = 'extract' RETURNING 1", f.runId, f.tileFailed);
        f.query("INSERT INTO run_tile (run_id, tile_id, step, state, attempt, finished_at) SELECT ?, ?, s, 'DONE', 1, now()"
                + " FROM unnest(ARRAY['xmatch', 'veto']) s RETURNING 1", f.runId, f.tileFailed);
        finaliser.finalise(f.runId).orElseThrow();
        assertThat(publisher.publishDue()).contains(f.runId);

        assertThat(Files.readString(bundle.file(RunFile.FUNNEL_TEXT))).contains("4 done", "0 failed");
        assertThat(stray).doesNotExist();
        try (Stream<Path> runs = Files.list(bundle.directory().getParent())) {
            assertThat(runs.map(p -> p.getFileName().toString())).as("no staging or replaced directory left")
                    .contains(f.runId).noneMatch(name -> name.startsWith("."));
        }
        // a new coordinator knows the bundle is current from its provenance
        assertThat(publisher(f, store).publishDue()).doesNotContain(f.runId);
    }

    @Test
    void aDamagedFileIsAnErrorNamingItNotAWrongAnswer() throws Exception {
        FinaliseFixture f = new FinaliseFixture("bundle-bad").seedComplete();
        new RunFinaliser(f.db).finalise(f.runId).orElseThrow();
        ArtefactStore store = new ArtefactStore(SharedServices.get().newDirectory("bundle-store"));
        publisher(f, store).publish(f.runId).orElseThrow();
        Path dir = store.runArtefacts(f.runId).directory();
        RunBundle bundle = RunBundle.open(dir, f.runId);
        assertThat(bundle.candidates()).hasSize(4);

        Files.writeString(RunFile.CANDIDATES_JSON.in(dir), "[]", StandardCharsets.UTF_8);
        assertThatThrownBy(bundle::candidates).hasMessageContaining("candidates.json does not match its SHA-256");
        assertThatThrownBy(() -> RunBundle.open(dir, "another-run")).hasMessageContaining("is of run '" + f.runId + "'");
    }
}
