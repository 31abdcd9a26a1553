package org.vasco.coordinator.service;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.service.ServiceRuntime;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.coordinator.backlog.BacklogGauges;
import org.vasco.coordinator.bundle.CodeVersion;
import org.vasco.coordinator.bundle.RunBundlePublisher;
import org.vasco.coordinator.bundle.RunBundleWriter;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.finalise.RunResultsQuery;
import org.vasco.coordinator.outbox.OutboxPruner;
import org.vasco.coordinator.reconcile.Reconciler;
import org.vasco.coordinator.report.ReportRoutes;
import org.vasco.coordinator.report.RunCharts;
import org.vasco.coordinator.report.RunReportPage;
import org.vasco.coordinator.review.ReviewRoutes;
import org.vasco.coordinator.review.ReviewSettings;

/**
 * The coordinator in service mode ({@code vasco coordinator}, and inside the local distribution): the
 * {@link Reconciler}, the {@link RunFinaliser}, the {@link OutboxPruner}, the {@link BacklogGauges} and the
 * {@link RunBundlePublisher} (each finalised run's bundle under {@code runs/<run>/} in the storage), all on the reconcile
 * interval, an outbox publisher, the pipeline topics and the HTTP endpoint: /metrics, /health, the JSON API under /api/,
 * the review page under /review ({@link ReviewRoutes}) and the run report under /runs ({@link ReportRoutes}); more
 * handlers can be added with
 * {@link #register}. Close once (shutdown hook).
 */
public final class CoordinatorService implements AutoCloseable {

    private final ServiceRuntime runtime;
    private final Reconciler reconciler;

    private CoordinatorService(ServiceRuntime runtime, Reconciler reconciler) {
        this.runtime = runtime;
        this.reconciler = reconciler;
    }

    /**
     * Starts the coordinator service.
     *
     * @param registryOrNull where to record metrics, or null to create a Prometheus registry
     * @throws org.vasco.common.config.ConfigurationException for a missing or invalid setting
     */
    public static CoordinatorService start(Environment env, MeterRegistry registryOrNull) {
        ReviewSettings review = ReviewSettings.from(env);
        ServiceRuntime runtime = ServiceRuntime.start(env, "coordinator", registryOrNull, List.of());
        try {
            ArtefactStore store = new ArtefactStore(env.get(ClusterSettings.DATA));
            RunResultsQuery results = new RunResultsQuery(runtime.database(), env.asMap(), CodeVersion.current());
            RunReportPage page = new RunReportPage(new RunCharts(PlateCatalogue.bundled()));
            RunBundlePublisher bundles = new RunBundlePublisher(runtime.database(), store, results, new RunBundleWriter(page));
            ReviewRoutes.register(runtime.endpoint(), runtime.database(), store, review, runtime.registry(), bundles::publish);
            runtime.endpoint().register("/runs", new ReportRoutes(runtime.database(), results, page, Clock.systemUTC()).router());
            Reconciler reconciler = new Reconciler(runtime.database(), env.get(FrameworkSettings.RECONCILE_INTERVAL),
                    env.get(FrameworkSettings.RECONCILE_STALE), runtime.registry()).start();
            runtime.closeFirst(reconciler);
            runtime.closeFirst(new RunFinaliser(runtime.database()).start(env.get(FrameworkSettings.RECONCILE_INTERVAL)));
            runtime.closeFirst(new OutboxPruner(runtime.database(), env.get(FrameworkSettings.OUTBOX_RETENTION), runtime.registry())
                    .start(env.get(FrameworkSettings.RECONCILE_INTERVAL)));
            runtime.closeFirst(new BacklogGauges(runtime.database(), runtime.registry())
                    .start(env.get(FrameworkSettings.RECONCILE_INTERVAL)));
            runtime.closeFirst(bundles.start(env.get(FrameworkSettings.RECONCILE_INTERVAL)));
            return new CoordinatorService(runtime, reconciler);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Registers {@link #close()} as a JVM shutdown hook, so SIGTERM stops the service cleanly; returns this. */
    public CoordinatorService closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "coordinator-shutdown"));
        return this;
    }

    /** The bound HTTP port of /metrics, /health and registered handlers. */
    public int httpPort() {
        return runtime.endpoint().port();
    }

    /** Adds an HTTP handler (the API, the review page) under {@code path}. */
    public void register(String path, HttpHandler handler) {
        runtime.endpoint().register(path, handler);
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public MeterRegistry registry() {
        return runtime.registry();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
