package org.vasco.coordinator.api;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import org.vasco.common.db.Database;
import org.vasco.common.task.RunId;
import org.vasco.coordinator.finalise.FunnelQuery;
import org.vasco.coordinator.finalise.ReportBody;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.coordinator.run.RunStatusQuery;

/**
 * The read-only JSON endpoints:
 * <ul>
 *   <li>{@code GET /api/runs}: every run, newest first ({@link RunSummary});</li>
 *   <li>{@code GET /api/runs/{run}}: its progress ({@link org.vasco.coordinator.run.RunStatus});</li>
 *   <li>{@code GET /api/runs/{run}/tiles}: its tiles ({@link TileView});</li>
 *   <li>{@code GET /api/runs/{run}/candidates[?final=true&limit=&offset=]}: its candidates with stage flags and
 *       latest review ({@link CandidateView}), at most {@link #MAX_PAGE} per request;</li>
 *   <li>{@code GET /api/runs/{run}/candidates/{src_id}}: one candidate;</li>
 *   <li>{@code GET /api/runs/{run}/funnel}: its {@link Funnel} so far;</li>
 *   <li>{@code GET /api/runs/{run}/report}: once finalised, the per-run and per-plate funnel of {@code vasco report}
 *       ({@link ReportBody}).</li>
 * </ul>
 * Invalid ids answer 400, unknown runs or candidates 404.
 */
public final class RunApi {

    /** Default and largest page of candidates. */
    public static final int DEFAULT_PAGE = 1000;
    public static final int MAX_PAGE = 10_000;

    private final RunQueries runs;
    private final CandidateQueries candidates;
    private final RunStatusQuery status;
    private final FunnelQuery reports;

    public RunApi(Database db, Clock clock) {
        this.runs = new RunQueries(db);
        this.candidates = new CandidateQueries(db);
        this.status = new RunStatusQuery(db, clock);
        this.reports = new FunnelQuery(db);
    }

    /** Adds the endpoints to a router; returns it. */
    public ApiRouter addTo(ApiRouter router) {
        return router
                .get("/api/runs", request -> Reply.json(Map.of("runs", runs.runs())))
                .get("/api/runs/{run}", this::status)
                .get("/api/runs/{run}/tiles", request -> Reply.json(Map.of("tiles", runs.tiles(knownRun(request)))))
                .get("/api/runs/{run}/funnel", request -> Reply.json(runs.funnel(knownRun(request))))
                .get("/api/runs/{run}/report", request -> Reply.json(ReportBody.of(reports.report(knownRun(request)))))
                .get("/api/runs/{run}/candidates", this::candidates)
                .get("/api/runs/{run}/candidates/{src_id}", request -> {
                    String run = knownRun(request);
                    return Reply.json(candidate(run, SourceId.parse(request.path("src_id"))));
                });
    }

    private Reply status(ApiRequest request) throws SQLException, ApiException {
        try {
            return Reply.json(status.status(runId(request)));
        } catch (InvalidRunRequestException e) {
            throw ApiException.notFound("Unknown run '" + request.path("run") + "'");
        }
    }

    private Reply candidates(ApiRequest request) throws SQLException, ApiException {
        String run = knownRun(request);
        String finalText = request.queryValue("final").orElse("false");
        if (!finalText.equals("true") && !finalText.equals("false")) {
            throw ApiException.badRequest("Query parameter final='" + finalText + "' must be true or false");
        }
        int limit = request.queryInt("limit", DEFAULT_PAGE, 1, MAX_PAGE);
        int offset = request.queryInt("offset", 0, 0, Integer.MAX_VALUE);
        return Reply.json(Map.of("run_id", run, "limit", limit, "offset", offset,
                "candidates", candidates.candidates(run, finalText.equals("true"), limit, offset)));
    }

    /** The candidate, or 404 naming it. */
    public CandidateView candidate(String run, SourceId srcId) throws SQLException, ApiException {
        return candidates.candidate(run, srcId).orElseThrow(() -> ApiException.notFound(
                "Run '" + run + "' has no candidate '" + srcId + "'"));
    }

    /** The request's {run}, validated; 400 when malformed, 404 when there is no such run. */
    public String knownRun(ApiRequest request) throws SQLException, ApiException {
        String run = runId(request);
        if (!runs.exists(run)) {
            throw ApiException.notFound("Unknown run '" + run + "'");
        }
        return run;
    }

    private static String runId(ApiRequest request) throws ApiException {
        try {
            return RunId.validate(request.path("run"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    public CandidateQueries candidateQueries() {
        return candidates;
    }
}
