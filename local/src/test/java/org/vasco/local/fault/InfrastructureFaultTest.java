package org.vasco.local.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.task.Step;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.testkit.archives.CatalogueMisbehaviour;
import org.vasco.testkit.archives.LoopbackDssServer;
import org.vasco.testkit.archives.Misbehaviour;
import org.vasco.testkit.services.EmbeddedKafkaBroker;
import org.vasco.testkit.services.EmbeddedPostgresServer;
import org.vasco.testkit.services.SharedServices;

/**
 * The fault suite's infrastructure scenarios (issue #9, item 1): the broker, the database, the shared storage (full,
 * then read-only) and the remote archives each fail for a while in the middle of a real run of {@link FaultSky#SUITE}; the cluster
 * recovers without any manual step, and {@link RunInvariants} must hold against the undisturbed baseline.
 *
 * <p>How long each fault lasts is a parameter: {@code -Dvasco.fault.outage=PT4S} for the broker, database and
 * storage, {@code -Dvasco.fault.archiveOutage=PT5S} for the archives (the minute:
 * {@code -Dvasco.fault.archiveOutage=PT1M}). CI uses the defaults, a few seconds each.
 */
@Tag("fault")
class InfrastructureFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(InfrastructureFaultTest.class);
    private static final FaultSky SKY = FaultSky.SUITE;
    static final Duration OUTAGE = Duration.parse(System.getProperty("vasco.fault.outage", "PT4S"));
    static final Duration ARCHIVE_OUTAGE = Duration.parse(System.getProperty("vasco.fault.archiveOutage", "PT5S"));
    /** What the archives send in Retry-After during their outage. */
    private static final int RETRY_AFTER_SECONDS = 2;
    /** How long a fault may take to show (e.g. a step finishing while the broker is down) on a loaded machine. */
    private static final Duration SHOWS_WITHIN = Duration.ofMinutes(2);

    @Test
    void theBrokerStoppedAndRestartedMidRun() throws Exception {
        EmbeddedKafkaBroker broker = SharedServices.get().embeddedBroker().orElse(null);
        Assumptions.assumeTrue(broker != null, "needs the embedded broker to stop and restart it");
        RunSnapshot baseline = FaultRun.baseline(SKY);
        try (FaultRun run = FaultRun.start("broker", SKY)) {
            run.submit();
            run.awaitDone(Step.EXTRACT, 2, SHOWS_WITHIN);
            Instant down = Instant.now();
            int stranded;
            broker.stop();
            try {
                // The workers go on with what they hold; the tasks their steps queue wait in the outbox.
                await("a task waiting in the outbox for the broker").atMost(OUTAGE.plus(SHOWS_WITHIN))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> run.unpublished() > 0 && Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0);
                stranded = run.unpublished();
            } finally {
                broker.start();
                // The services restart, and so do the loopback archives: they answer from the sky, not from memory.
                run.archives().forgetServedCutouts();
            }
            Duration outage = Duration.between(down, Instant.now());
            RunSnapshot after = run.awaitFinal(FaultRun.FINAL_WITHIN);
            LOG.info("FAULT broker: down {} ms with {} task(s) stranded in the outbox; final {} s after the restart; {}",
                    outage.toMillis(), stranded, after.took().toSeconds(), after.describe());
            assertThat(stranded).as("tasks queued while the broker was down").isPositive();
            RunInvariants.assertHold(after, baseline);
        }
    }

    @Test
    void postgresqlStoppedAndRestartedMidRun() throws Exception {
        EmbeddedPostgresServer postgres = SharedServices.get().embeddedPostgres().orElse(null);
        Assumptions.assumeTrue(postgres != null, "needs the embedded PostgreSQL to stop and restart it");
        RunSnapshot baseline = FaultRun.baseline(SKY);
        try (FaultRun run = FaultRun.start("postgres", SKY)) {
            run.submit();
            run.awaitDone(Step.EXTRACT, 2, SHOWS_WITHIN);
            Instant down = Instant.now();
            postgres.stop();
            try {
                await("the database unreachable for the outage").atMost(OUTAGE.plus(SHOWS_WITHIN))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> !run.database().isReachable() && Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0);
            } finally {
                postgres.start();
                run.archives().forgetServedCutouts();
            }
            Duration outage = Duration.between(down, Instant.now());
            RunSnapshot after = run.awaitFinal(FaultRun.FINAL_WITHIN);
            LOG.info("FAULT postgres: down {} ms; final {} s after the restart; {}", outage.toMillis(),
                    after.took().toSeconds(), after.describe());
            RunInvariants.assertHold(after, baseline);
            // Every pool of the JVM recovers, the one other test classes share included.
            await().atMost(Duration.ofSeconds(30)).until(() -> SharedServices.get().database().isReachable());
        }
    }

    @Test
    void sharedStorageFullThenReadOnlyForAWhile() throws Exception {
        RunSnapshot baseline = FaultRun.baseline(SKY);
        Path mountPoint = SharedServices.get().newDirectory("fault-storage");
        TmpfsStorage storage;
        try {
            storage = TmpfsStorage.mount(mountPoint, 128);
        } catch (IOException e) {
            Assumptions.abort("needs a tmpfs to fill (mount -t tmpfs as root): " + e.getMessage());
            return;
        }
        try {
            Set<String> failures = new LinkedHashSet<>();
            Set<String> readOnlyFailures = new LinkedHashSet<>();
            RunSnapshot after;
            // More attempts than the default: a step hit at the start of the outage retries through all of it.
            try (FaultRun run = FaultRun.start("storage", SKY, StageRegistry.bundled(),
                    Map.of(ClusterSettings.DATA.name(), storage.root().toString(), ClusterSettings.MAX_ATTEMPTS.name(), "10"))) {
                run.submit();
                run.awaitDone(Step.DOWNLOAD, 4, SHOWS_WITHIN);
                Instant full = Instant.now();
                long filled = storage.fill();
                try {
                    // Full until SExtractor/PSFEx (writing through their own stdio, not Java) have met it too.
                    await("failed attempts of the extract step on the full storage").atMost(OUTAGE.plus(SHOWS_WITHIN))
                            .pollInterval(Duration.ofMillis(100)).until(() -> {
                                failures.addAll(run.pendingRetries());
                                return failures.stream().anyMatch(f -> f.startsWith(Step.EXTRACT.label() + " "))
                                        && Duration.between(full, Instant.now()).compareTo(OUTAGE) >= 0;
                            });
                } finally {
                    storage.release();
                }
                LOG.info("FAULT storage: full ({} bytes of filler) for {} ms; failed attempts meanwhile: {}", filled,
                        Duration.between(full, Instant.now()).toMillis(), failures);
                // Then read-only for a while: whatever the cluster writes next fails with EROFS.
                storage.readOnly();
                Instant readOnly = Instant.now();
                try {
                    await("failed attempts on the read-only storage").atMost(OUTAGE.plus(SHOWS_WITHIN))
                            .pollInterval(Duration.ofMillis(100)).until(() -> {
                                run.pendingRetries().stream().filter(f -> !f.contains("No space left"))
                                        .forEach(readOnlyFailures::add);
                                return !readOnlyFailures.isEmpty()
                                        && Duration.between(readOnly, Instant.now()).compareTo(OUTAGE) >= 0;
                            });
                } finally {
                    storage.writable();
                }
                LOG.info("FAULT storage: read-only for {} ms; failed attempts meanwhile: {}",
                        Duration.between(readOnly, Instant.now()).toMillis(), readOnlyFailures);
                after = run.awaitFinal(FaultRun.FINAL_WITHIN);
                LOG.info("FAULT storage: final {} s after the storage recovered; {}", after.took().toSeconds(), after.describe());
            }
            assertThat(failures).as("failed attempts while the storage was full")
                    .anySatisfy(f -> assertThat(f).contains("No space left on device"));
            assertThat(readOnlyFailures).as("failed attempts while the storage was read-only").isNotEmpty();
            assertThat(after.attempts()).as("steps that needed more than one attempt").isNotEmpty();
            RunInvariants.assertHold(after, baseline);
        } finally {
            storage.close();
        }
    }

    @Test
    void remoteArchivesRefuseForAWhileThenRecover() throws Exception {
        RunSnapshot baseline = FaultRun.baseline(SKY);
        // Retries of a step are spaced at least as far as the archives ask (Retry-After), and there are enough of
        // them to outlast the outage even when it is the full minute.
        Map<String, String> patient = Map.of(ClusterSettings.RETRY_BACKOFF.name(), RETRY_AFTER_SECONDS + "s",
                ClusterSettings.MAX_ATTEMPTS.name(), "8");
        try (FaultRun run = FaultRun.start("archive", SKY, StageRegistry.bundled(), patient)) {
            LoopbackDssServer dss = run.archives().dss();
            dss.retryAfterSeconds(RETRY_AFTER_SECONDS).outage(Misbehaviour.TOO_MANY_REQUESTS, ARCHIVE_OUTAGE);
            Instant dssDown = Instant.now();
            run.submit();
            // VizieR goes down when the cross-match is about to need it.
            run.awaitDone(Step.EXTRACT, 1, SHOWS_WITHIN);
            run.archives().vizier().retryAfterSeconds(RETRY_AFTER_SECONDS);
            run.archives().vizier().outage(CatalogueMisbehaviour.SERVICE_UNAVAILABLE, ARCHIVE_OUTAGE);
            Instant vizierDown = Instant.now();
            RunSnapshot after = run.awaitFinal(FaultRun.FINAL_WITHIN);

            List<LoopbackDssServer.RecordedRequest> requests = dss.requests();
            List<LoopbackDssServer.RecordedRequest> refused = requests.stream().filter(r -> r.status() == 429).toList();
            List<String> impatient = new ArrayList<>();
            for (int i = 0; i + 1 < requests.size(); i++) {
                if (requests.get(i).status() == 429) {
                    long gapMillis = (requests.get(i + 1).arrivedNanos() - requests.get(i).arrivedNanos()) / 1_000_000;
                    if (gapMillis < RETRY_AFTER_SECONDS * 1000L - 50) {
                        impatient.add("request " + (i + 1) + " came " + gapMillis + " ms after a 429");
                    }
                }
            }
            int vizierRefused = run.archives().vizier().refusedCount();
            LOG.info("FAULT archives: DSS refused {} of {} requests (429, Retry-After {} s) for {} from {}; VizieR 503 for {}"
                            + " from {}: {} requests refused; {}", refused.size(), requests.size(), RETRY_AFTER_SECONDS,
                    ARCHIVE_OUTAGE, dssDown, ARCHIVE_OUTAGE, vizierDown, vizierRefused, after.describe());
            assertThat(refused).as("cut-out requests refused with 429").isNotEmpty();
            assertThat(impatient).as("requests that did not wait for Retry-After").isEmpty();
            assertThat(vizierRefused).as("catalogue requests refused with 503").isPositive();
            RunInvariants.assertHold(after, baseline);
        }
    }
}
