package org.vasco.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.HeaderValues;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.StepOutcome;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.archives.CutoutSource;
import org.vasco.testkit.archives.LoopbackDssServer;
import org.vasco.testkit.sky.SyntheticSky;

/** A cut-out of the synthetic sky, served by the loopback DSS server, downloaded, accepted and registered. */
class SyntheticSkyDownloadTest {

    @Test
    void aSyntheticSkyCutOutIsAcceptedWithItsPlatesHeaderAndMeasuredScale() throws Exception {
        SyntheticSky sky = SyntheticSky.withSeed(309).withDssPolynomial(true).withVanishingCount(0).withAsteroidCount(0);
        DownloadFixture fixture = new DownloadFixture();
        try (LoopbackDssServer dss = LoopbackDssServer.start(CutoutSource.synthetic(sky))) {
            // A small cut-out keeps the rendering quick; the protocol and the checks are the same as for 60'.
            DownloadStage stage = fixture.stage(new DownloadSettings("dss-sky-test", dss.baseUrl(), Duration.ofSeconds(30), 3,
                    Duration.ofMillis(50), 50.0, 6.0, "VASCO-test/1 (+SyntheticSkyDownloadTest)"));
            TileTask task = fixture.newTile("dl-sky");

            StageResult result = stage.run(DownloadFixture.context(task, 1));
            fixture.commit(result);

            assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
            String plate = SyntheticSky.nearestPlate(task.raDeg(), task.decDeg()).plateId();
            Path fits = fixture.store.tileArea(task.tile(), TileArea.RAW).resolve(TileArtefacts.rawImageName(task.raDeg(), task.decDeg(), 6.0));
            HeaderValues header = HeaderValues.readPrimary(fits);
            assertThat(header.text("REGION")).hasValue(plate);

            DownloadFixture.RegistryRow row = fixture.registryRow(task.tile()).orElseThrow();
            assertThat(row.region()).isEqualTo(plate);
            assertThat(row.survey()).isEqualTo("POSSI-E");
            assertThat(row.sha256()).isEqualTo(DownloadStage.sha256(Files.readAllBytes(fits)));
            assertThat(row.astrometry()).isEqualTo("cd+dss");
            assertThat(row.pixelScaleArcsec()).isCloseTo(
                    PlateAstrometry.of(header, PlateAstrometry.Solution.CD).pixelScaleArcsec(), within(1e-9))
                    .isCloseTo(1.7, within(0.05));
            // The synthetic polynomial is fitted to the CD solution: the two agree closely (real plates differ up to ~2.3″).
            assertThat(row.maxOffsetArcsec()).isLessThan(0.5);
            assertThat(row.epochYear()).isCloseTo(PlateEpoch.parse(header.text("DATE-OBS").orElseThrow()).decimalYear(),
                    within(1e-9));
            assertThat(row.naxis1()).isEqualTo((int) header.number("NAXIS1").getAsDouble());
        }
    }
}
