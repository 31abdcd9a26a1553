package org.vasco.coordinator.report;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.vasco.common.db.Database;
import org.vasco.common.task.RunId;
import org.vasco.coordinator.api.ApiException;
import org.vasco.coordinator.api.ApiRequest;
import org.vasco.coordinator.api.ApiRouter;
import org.vasco.coordinator.api.Reply;
import org.vasco.coordinator.api.RunQueries;
import org.vasco.coordinator.finalise.RunResults;
import org.vasco.coordinator.finalise.RunResultsQuery;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.coordinator.run.ProgressTimeline;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunStatusQuery;

/**
 * {@code GET /runs/{run}}: the run report page ({@link RunReportPage}) read live from the database: the whole report
 * once the run is finalised, its progress before. Under the page's Content-Security-Policy, never framed; read-only,
 * so no token. Invalid run ids answer 400, unknown runs 404. Thread-safe.
 */
public final class ReportRoutes {

    private final Database db;
    private final RunResultsQuery results;
    private final RunStatusQuery status;
    private final RunQueries runs;
    private final RunReportPage page;

    public ReportRoutes(Database db, RunResultsQuery results, RunReportPage page, Clock clock) {
        this.db = db;
        this.results = results;
        this.status = new RunStatusQuery(db, clock);
        this.runs = new RunQueries(db);
        this.page = page;
    }

    /** A router serving the report pages, to register under {@code /runs}. */
    public ApiRouter router() {
        return new ApiRouter().get("/runs/{run}", this::report);
    }

    private Reply report(ApiRequest request) throws SQLException, ApiException, InvalidRunRequestException {
        String run;
        try {
            run = RunId.validate(request.path("run"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!runs.exists(run)) {
            throw ApiException.notFound("Unknown run '" + run + "'");
        }
        Optional<RunResults> finalised = results.load(run);
        if (finalised.isPresent()) {
            RunResults r = finalised.get();
            return Reply.html(page.finalised(r, r.progress()), RunReportPage.CONTENT_SECURITY_POLICY);
        }
        RunStatus s = status.status(run);
        ProgressTimeline timeline;
        try (Connection c = db.connection()) {
            timeline = ProgressTimeline.of(s.createdAt(), s.tiles(), s.steps(), ProgressTimeline.spans(c, run, s.steps()));
        }
        String why = s.complete() ? "Every tile is final; the coordinator is finalising the run (S0 dedup): the full"
                + " report appears here then." : "The run is in progress: the funnel, the charts and the candidates appear"
                + " here once every tile is final and the run is finalised.";
        return Reply.html(page.inProgress(s, timeline, why), RunReportPage.CONTENT_SECURITY_POLICY);
    }
}
