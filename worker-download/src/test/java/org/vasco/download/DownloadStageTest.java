package org.vasco.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.StepOutcome;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.archives.LoopbackDssServer;
import org.vasco.testkit.archives.Misbehaviour;

/** The download stage against the loopback DSS server and the shared PostgreSQL: every acceptance outcome. */
class DownloadStageTest {

    private static LoopbackDssServer dss;
    private static DownloadFixture fixture;
    private static DownloadStage stage;

    @BeforeAll
    static void start() {
        dss = LoopbackDssServer.start(SmallCutouts.stsciLike()).retryAfterSeconds(0).slowDelay(Duration.ofSeconds(10));
        fixture = new DownloadFixture();
        DownloadSettings settings = new DownloadSettings("dss-stage-test", dss.baseUrl(), Duration.ofMillis(1500), 5,
                Duration.ofMillis(20), 200.0, 60.0, "VASCO-test/1 (+DownloadStageTest)");
        stage = fixture.stage(settings);
    }

    @AfterAll
    static void stop() {
        dss.close();
    }

    @BeforeEach
    void behave() {
        dss.behave();
    }

    @Test
    void anAcceptedCutOutIsStoredAtItsFinalPathAndRegisteredWithItsHeader() throws Exception {
        TileTask task = fixture.newTile("dl-accept");

        StageResult result = stage.run(DownloadFixture.context(task, 1));
        fixture.commit(result);

        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
        Path fits = rawDir(task).resolve(TileArtefacts.rawImageName(task.raDeg(), task.decDeg(), 60));
        assertThat(fits).exists();
        assertThat(rawDir(task).resolve(fits.getFileName() + ".header.json")).content().contains("\"REGION\" : \"XE309\"");
        byte[] bytes = Files.readAllBytes(fits);
        assertThat(result.metrics()).containsEntry("bytes", (long) bytes.length)
                .containsEntry("sha256", DownloadStage.sha256(bytes)).containsEntry("attempts", 1).containsKey("download_ms");

        DownloadFixture.RegistryRow row = fixture.registryRow(task.tile()).orElseThrow();
        assertThat(row.fitsPath()).isEqualTo("tiles/" + task.tileId() + "/raw/" + fits.getFileName());
        assertThat(row.sha256()).isEqualTo(DownloadStage.sha256(bytes));
        assertThat(row.bytes()).isEqualTo(bytes.length);
        assertThat(row.region()).isEqualTo("XE309");
        assertThat(row.survey()).isEqualTo("POSSI-E");
        assertThat(row.plateCode()).isEqualTo("A0A1");
        assertThat(row.plateLabel()).isEqualTo("E1234");
        assertThat(row.dateObsRaw()).isEqualTo("1953-03-11T11:77:00");
        // 11:77 carries to 12:17 (SPEC §6.1 item 3).
        assertThat(row.dateObs()).isEqualTo("1953-03-11 12:17:00");
        assertThat(row.epochYear()).isCloseTo(1953 + (69 + 12 / 24.0 + 17 / 1440.0) / 365.0, within(1e-9));
        assertThat(row.mjdObs()).isCloseTo(34447 + (12 + 17 / 60.0) / 24.0, within(1e-9));
        assertThat(row.pixelScaleArcsec()).isCloseTo(SmallCutouts.SCALE_ARCSEC, within(1e-9));
        assertThat(row.naxis1()).isEqualTo(SmallCutouts.SIDE);
        assertThat(row.naxis2()).isEqualTo(SmallCutouts.SIDE);
        assertThat(row.astrometry()).isEqualTo("cd+dss");
        assertThat(row.centreOffsetArcsec()).isLessThan(0.01);
        assertThat(row.maxOffsetArcsec()).isBetween(2.0, 8.0);
        assertThat(row.selectedSurvey()).isEqualTo("POSSI-E");
        assertThat(row.selectedDateObs()).isEqualTo("1953-03-11T11:77:00");
        assertThat(row.selectedPlateIdIsJsonNull()).isTrue();

        LoopbackDssServer.RecordedRequest request = dss.requests().get(dss.requestCount() - 1);
        assertThat(request.parameters()).containsExactly(
                java.util.Map.entry("v", "poss1_red"), java.util.Map.entry("r", String.format(java.util.Locale.ROOT, "%.6f", task.raDeg())),
                java.util.Map.entry("d", "33.081000"), java.util.Map.entry("e", "J2000"), java.util.Map.entry("h", "60.00"),
                java.util.Map.entry("w", "60.00"), java.util.Map.entry("f", "fits"), java.util.Map.entry("c", "none"),
                java.util.Map.entry("fov", "NONE"), java.util.Map.entry("v3", ""));
        assertThat(request.userAgent()).isEqualTo("VASCO-test/1 (+DownloadStageTest)");
    }

    @Test
    void anHtmlPageIsAFailedAttemptKeptForDiagnosisAndTheRetryCanSucceed() throws Exception {
        TileTask task = fixture.newTile("dl-html");
        dss.misbehave(Misbehaviour.HTML_200, 1);

        assertThatThrownBy(() -> stage.run(DownloadFixture.context(task, 1)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadStage.REJECT_NON_FITS);
                    assertThat(e.getMessage()).contains(task.tileId()).contains("not FITS").contains("rejected/1.html");
                });
        assertThat(rawDir(task).resolve("rejected/1.html")).content().contains("No image");
        assertThat(rawDir(task).resolve("rejected/1.json")).content().contains("REJECT_NON_FITS").contains("text/html");
        assertThat(fitsFiles(task)).isEmpty();
        assertThat(fixture.registryRow(task.tile())).isEmpty();

        StageResult retry = stage.run(DownloadFixture.context(task, 2));
        assertThat(retry.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(fitsFiles(task)).hasSize(1);
    }

    @Test
    void aTruncatedOrEmptyBodyNeverLeavesAFileAtTheFinalPath() throws Exception {
        TileTask task = fixture.newTile("dl-truncated");
        dss.misbehave(Misbehaviour.TRUNCATED, 1).misbehave(Misbehaviour.EMPTY_BODY, 1);

        assertThatThrownBy(() -> stage.run(DownloadFixture.context(task, 1)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadStage.REJECT_NON_FITS);
                    assertThat(e.getMessage()).contains("truncated");
                });
        assertThatThrownBy(() -> stage.run(DownloadFixture.context(task, 2)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> assertThat(e.getMessage()).contains("empty"));

        assertThat(fitsFiles(task)).isEmpty();
        try (Stream<Path> all = Files.list(rawDir(task))) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactly("rejected");
        }
        assertThat(rawDir(task).resolve("rejected/1.fits")).exists();
        assertThat(rawDir(task).resolve("rejected/2.bin")).exists();
    }

    @Test
    void aHeaderWithoutAstrometryFailsPermanently() throws Exception {
        TileTask task = fixture.newTile("dl-nowcs");
        dss.misbehave(Misbehaviour.NO_ASTROMETRY, 1);

        assertThatThrownBy(() -> stage.run(DownloadFixture.context(task, 1)))
                .isInstanceOfSatisfying(PermanentStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadStage.REJECT_NON_WCS);
                    assertThat(e.getMessage()).contains("no usable astrometry");
                });
        assertThat(fitsFiles(task)).isEmpty();
        assertThat(fixture.registryRow(task.tile())).isEmpty();
    }

    @Test
    void anotherSurveysPlateIsSkippedNotFailed() throws Exception {
        TileTask task = fixture.newTile("dl-nonposs");
        dss.misbehave(Misbehaviour.NON_POSS_SURVEY, 1);

        StageResult result = stage.run(DownloadFixture.context(task, 1));

        assertThat(result.outcome()).isEqualTo(StepOutcome.SKIPPED);
        assertThat(result.reason()).isEqualTo(DownloadStage.NOT_POSS1_E);
        assertThat(result.metrics()).containsEntry("survey", "SERC-ER").containsEntry("region", "XE309");
        assertThat(result.effects()).isEmpty();
        assertThat(fitsFiles(task)).isEmpty();
    }

    @Test
    void aStormOf429sIsWaitedOutAndTheCutOutArrives() throws Exception {
        TileTask task = fixture.newTile("dl-429");
        int before = dss.requestCount();
        dss.misbehave(Misbehaviour.TOO_MANY_REQUESTS, 4);

        StageResult result = stage.run(DownloadFixture.context(task, 1));

        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(result.metrics()).containsEntry("attempts", 5);
        List<Integer> statuses = dss.requests().subList(before, dss.requestCount()).stream()
                .map(LoopbackDssServer.RecordedRequest::status).toList();
        assertThat(statuses).containsExactly(429, 429, 429, 429, 200);
    }

    @Test
    void anArchiveThatStaysUnavailableIsATransientFailure() throws Exception {
        TileTask task = fixture.newTile("dl-503");
        dss.misbehave(Misbehaviour.SERVICE_UNAVAILABLE, 5);

        assertThatThrownBy(() -> stage.run(DownloadFixture.context(task, 1)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadStage.DSS_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("503");
                });
        assertThat(fitsFiles(task)).isEmpty();
    }

    @Test
    void aRefusalOfTheRequestIsPermanent() throws Exception {
        TileTask task = fixture.newTile("dl-404");
        java.net.URI wrong = java.net.URI.create(dss.baseUrl().toString().replace("dss_search", "no_such_script"));
        DownloadStage misconfigured = fixture.stage(new DownloadSettings("dss-stage-test", wrong, Duration.ofSeconds(2), 3,
                Duration.ofMillis(20), 200.0, 60.0, "VASCO-test/1"));

        assertThatThrownBy(() -> misconfigured.run(DownloadFixture.context(task, 1)))
                .isInstanceOfSatisfying(PermanentStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadStage.DSS_REFUSED);
                    assertThat(e.getMessage()).contains("404").contains("no_such_script");
                });
    }

    @Test
    void aReplySlowerThanTheTimeoutIsRetried() throws Exception {
        TileTask task = fixture.newTile("dl-slow");
        dss.misbehave(Misbehaviour.SLOW, 1);

        StageResult result = stage.run(DownloadFixture.context(task, 1));

        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(result.metrics()).containsEntry("attempts", 2);
    }

    @Test
    void aGzipBodyIsStoredDecompressed() throws Exception {
        TileTask task = fixture.newTile("dl-gzip");
        dss.misbehave(Misbehaviour.GZIP_BODY, 1);

        StageResult result = stage.run(DownloadFixture.context(task, 1));

        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
        byte[] stored = Files.readAllBytes(fitsFiles(task).get(0));
        assertThat(new String(stored, 0, 9, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SIMPLE  =");
    }

    @Test
    void aTileAlreadyDownloadedWithAMatchingChecksumIsNotFetchedAgain() throws Exception {
        TileTask task = fixture.newTile("dl-reuse");
        fixture.commit(stage.run(DownloadFixture.context(task, 1)));
        int requests = dss.requestCount();

        StageResult again = stage.run(DownloadFixture.context(task.forStep(org.vasco.common.task.Step.DOWNLOAD, 1), 1));

        assertThat(dss.requestCount()).isEqualTo(requests);
        assertThat(again.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(again.metrics()).containsEntry("reused", true).containsEntry("attempts", 0);

        // The same from a stage wired the way a worker service wires it.
        DownloadStage fromEnvironment = DownloadStage.create(new org.vasco.common.service.StageWiring(
                org.vasco.testkit.services.SharedServices.get().environment(java.util.Map.of("VASCO_DSS_URL", dss.baseUrl().toString())),
                fixture.database, fixture.store, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        assertThat(fromEnvironment.run(DownloadFixture.context(task, 1)).metrics()).containsEntry("reused", true);
        assertThat(dss.requestCount()).isEqualTo(requests);

        // A file that no longer matches the registry is fetched again.
        Path fits = fitsFiles(task).get(0);
        byte[] bytes = Files.readAllBytes(fits);
        bytes[bytes.length - 1] ^= 1;
        Files.write(fits, bytes);
        StageResult refetched = stage.run(DownloadFixture.context(task, 2));
        assertThat(dss.requestCount()).isEqualTo(requests + 1);
        assertThat(refetched.metrics()).containsEntry("reused", false);
    }

    private static Path rawDir(TileTask task) {
        return fixture.store.tileArea(task.tile(), TileArea.RAW);
    }

    private static List<Path> fitsFiles(TileTask task) throws java.io.IOException {
        if (!Files.isDirectory(rawDir(task))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(rawDir(task))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".fits")).toList();
        }
    }
}
