package org.vasco.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vasco.common.config.Environment;
import org.vasco.common.db.Database;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.RunArtefacts;
import org.vasco.coordinator.bundle.CodeVersion;
import org.vasco.coordinator.api.CandidateQueries;
import org.vasco.coordinator.bundle.RunBundleWriter;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.finalise.RunResults;
import org.vasco.coordinator.finalise.RunResultsQuery;
import org.vasco.coordinator.report.RunCharts;
import org.vasco.coordinator.report.RunReportPage;

/**
 * The bundle of a run that {@code vasco demo} or {@code vasco run} followed on its local cluster, written to
 * {@code <home>/runs/<run>/} (where {@code vasco report} and {@code vasco candidates} find it once the cluster is
 * gone), with a demo's injection–recovery figures in it. The same bundle the cluster's coordinator writes into its
 * storage, from the same database, plus the figures only the demo knows.
 */
final class LocalBundle {

    private LocalBundle() {
    }

    /**
     * Finalises the complete run (or waits for the coordinator that is doing so) and writes its bundle.
     *
     * @param recovery the demo's figures, or null
     * @throws TimeoutException when the run is not finalised within {@code timeout}
     */
    static RunArtefacts write(Database db, Environment cluster, String runId, Path home, JsonNode recovery, Clock clock,
                              Duration timeout) throws Exception {
        RunResultsQuery query = new RunResultsQuery(db, cluster.asMap(), CodeVersion.current());
        RunFinaliser finaliser = new RunFinaliser(db);
        CompletableFuture<RunResults> finalised = new CompletableFuture<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "run-bundle"));
        try {
            // The coordinator may hold the run while it finalises it: look again until the run's results are there.
            poller.scheduleWithFixedDelay(() -> {
                try {
                    finaliser.finalise(runId);
                    Optional<RunResults> results = query.load(runId);
                    results.ifPresent(finalised::complete);
                } catch (Exception e) {
                    finalised.completeExceptionally(e);
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
            RunResults results = finalised.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new RunBundleWriter(new RunReportPage(new RunCharts(PlateCatalogue.bundled())))
                    .write(new ArtefactStore(home), recovery == null ? results : results.withRecovery(recovery),
                            new CandidateQueries(db).reviews(runId));
        } finally {
            poller.shutdownNow();
            poller.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
