package org.vasco.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.StepOutcome;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.LoopbackDssServer;

/** Eight tiles downloaded at once: the process-wide rate limit holds and no registry row is lost. */
class ConcurrentDownloadTest {

    private static final double RATE = 4.0;
    private static final int TILES = 8;

    private static LoopbackDssServer dss;
    private static DownloadFixture fixture;

    @BeforeAll
    static void start() {
        dss = LoopbackDssServer.start(SmallCutouts.stsciLike());
        fixture = new DownloadFixture();
    }

    @AfterAll
    static void stop() {
        dss.close();
    }

    @Test
    void eightConcurrentTilesKeepTheRateLimitAndAllTheirRegistryRows() throws Exception {
        DownloadSettings settings = new DownloadSettings("dss-rate-test", dss.baseUrl(), Duration.ofSeconds(10), 3,
                Duration.ofMillis(50), RATE, 60.0, "VASCO-test/1 (+ConcurrentDownloadTest)");
        // Two stage instances share the limit too: it belongs to the service name, not to a client object.
        List<DownloadStage> stages = List.of(fixture.stage(settings), fixture.stage(settings));
        List<TileTask> tasks = new ArrayList<>();
        for (int i = 0; i < TILES; i++) {
            tasks.add(fixture.newTile("dl-concurrent"));
        }

        ExecutorService pool = Executors.newFixedThreadPool(TILES);
        try {
            List<Callable<StepOutcome>> work = new ArrayList<>();
            for (int i = 0; i < TILES; i++) {
                TileTask task = tasks.get(i);
                DownloadStage stage = stages.get(i % stages.size());
                // Each thread runs its tile and commits its row in its own transaction, as workers do.
                work.add(() -> {
                    StageResult result = stage.run(DownloadFixture.context(task, 1));
                    fixture.commit(result);
                    return result.outcome();
                });
            }
            for (Future<StepOutcome> f : pool.invokeAll(work)) {
                assertThat(f.get()).isEqualTo(StepOutcome.DONE);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fixture.registryRows(tasks.stream().map(TileTask::tile).toList())).isEqualTo(TILES);
        for (TileTask task : tasks) {
            assertThat(fixture.registryRow(TileId.of(task.tileId()))).hasValueSatisfying(row ->
                    assertThat(row.fitsPath()).contains(task.tileId()));
        }

        List<Long> arrivals = dss.requests().stream().map(LoopbackDssServer.RecordedRequest::arrivedNanos).sorted().toList();
        assertThat(arrivals).hasSize(TILES);
        // Permits are issued one per 1/RATE s. A one-second window can hold RATE + 1 arrivals when it opens on one
        // permit and closes just after the permit RATE periods later (network jitter moves arrivals by a few ms),
        // so RATE + 1 is the tightest bound that a correct limiter always meets; without a limit all 8 arrive at once.
        assertThat(maxArrivalsWithinOneSecond(arrivals)).isLessThanOrEqualTo((int) RATE + 1);
    }

    private static int maxArrivalsWithinOneSecond(List<Long> sortedNanos) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sortedNanos.size(); end++) {
            while (sortedNanos.get(end) - sortedNanos.get(start) >= 1_000_000_000L) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
