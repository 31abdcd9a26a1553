package org.vasco.coordinator.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.service.ServiceEndpoint;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.api.ApiException;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.api.ApiRequest;
import org.vasco.coordinator.api.ApiRouter;
import org.vasco.coordinator.api.CandidateView;
import org.vasco.coordinator.api.Reply;
import org.vasco.coordinator.api.RunApi;
import org.vasco.coordinator.api.RunQueries;
import org.vasco.coordinator.api.SourceId;

/**
 * Wires the JSON API ({@link RunApi}) and the review endpoints into a service's HTTP endpoint, under
 * {@code /api/} and {@code /review}:
 * <ul>
 *   <li>{@code GET /review}: the runs, each linking to its page;</li>
 *   <li>{@code GET /review/{run}[?offset=]}: the run's final candidates, {@link #PAGE} at a time;</li>
 *   <li>{@code GET /api/runs/{run}/candidates/{src_id}/stamp.png}: the candidate's image stamp
 *       ({@link StampRenderer});</li>
 *   <li>{@code POST /api/runs/{run}/candidates/{src_id}/review} with {@code {"verdict": "real|artefact|unsure",
 *       "reviewer": "…"}} and {@code Authorization: Bearer <VASCO_REVIEW_TOKEN>}: records the verdict and answers
 *       it with its time ({@link ReviewLedger}).</li>
 * </ul>
 */
public final class ReviewRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewRoutes.class);
    /** Final candidates per review page. */
    public static final int PAGE = 200;
    static final int MAX_REVIEWER_LENGTH = 64;

    private final RunApi api;
    private final RunQueries runs;
    private final StampRenderer stamps;
    private final ReviewLedger ledger;
    private final BearerToken token;
    private final ReviewSettings settings;

    private ReviewRoutes(Database db, ArtefactStore store, ReviewSettings settings) {
        this.api = new RunApi(db, Clock.systemUTC());
        this.runs = new RunQueries(db);
        this.stamps = new StampRenderer(store, settings.stampArcmin(), settings.stampPixels());
        this.ledger = new ReviewLedger(db);
        this.token = new BearerToken(settings.token());
        this.settings = settings;
    }

    /** Builds the router of every API and review endpoint. */
    public static ApiRouter router(Database db, ArtefactStore store, ReviewSettings settings) {
        ReviewRoutes routes = new ReviewRoutes(db, store, settings);
        return routes.api.addTo(new ApiRouter())
                .get("/review", request -> Reply.html(ReviewPage.runs(routes.runs.runs()), ReviewPage.CONTENT_SECURITY_POLICY))
                .get("/review/{run}", routes::page)
                .get("/api/runs/{run}/candidates/{src_id}/stamp.png", routes::stamp)
                .post("/api/runs/{run}/candidates/{src_id}/review", routes::review);
    }

    /** Serves the API under {@code /api/} and the review pages under {@code /review} on the endpoint. */
    public static void register(ServiceEndpoint endpoint, Database db, ArtefactStore store, ReviewSettings settings) {
        ApiRouter router = router(db, store, settings);
        endpoint.register("/api/", router);
        endpoint.register("/review", router);
        LOG.info("Serving the API under /api/ and the review page under /review ({}; verdicts {})", settings,
                settings.token().isPresent() ? "need the bearer token" : "disabled until VASCO_REVIEW_TOKEN is set");
    }

    private Reply page(ApiRequest request) throws SQLException, ApiException {
        String run = api.knownRun(request);
        int offset = request.queryInt("offset", 0, 0, Integer.MAX_VALUE);
        return Reply.html(ReviewPage.run(run, api.candidateQueries().candidates(run, true, PAGE, offset),
                api.candidateQueries().countFinal(run), offset, PAGE, settings.stampPixels()), ReviewPage.CONTENT_SECURITY_POLICY);
    }

    private Reply stamp(ApiRequest request) throws SQLException, ApiException, IOException {
        String run = api.knownRun(request);
        CandidateView candidate = api.candidate(run, SourceId.parse(request.path("src_id")));
        return Reply.png(stamps.render(TileId.of(candidate.tileId()), candidate.raDeg(), candidate.decDeg()));
    }

    private Reply review(ApiRequest request) throws SQLException, ApiException {
        token.check(request);
        String run = api.knownRun(request);
        SourceId srcId = SourceId.parse(request.path("src_id"));
        api.candidate(run, srcId);
        JsonNode body;
        try {
            body = ApiJson.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body must be JSON {\"verdict\": \"real|artefact|unsure\", \"reviewer\": \"name\"}: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
        if (body == null || !body.isObject() || !body.path("verdict").isTextual() || !body.path("reviewer").isTextual()) {
            throw ApiException.badRequest("The body must be JSON {\"verdict\": \"real|artefact|unsure\", \"reviewer\": \"name\"}");
        }
        ReviewVerdict verdict;
        try {
            verdict = ReviewVerdict.parse(body.get("verdict").asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String reviewer = body.get("reviewer").asText().trim();
        if (reviewer.isEmpty() || reviewer.length() > MAX_REVIEWER_LENGTH
                || reviewer.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("reviewer must be 1-" + MAX_REVIEWER_LENGTH
                    + " printable characters naming who decided (type it in the page's Reviewer field)");
        }
        Instant at = ledger.record(run, srcId, verdict, reviewer);
        LOG.info("Review: run {} candidate {} marked {} by {}", run, srcId, verdict.label(), reviewer);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("run_id", run);
        answer.put("src_id", srcId.value());
        answer.put("verdict", verdict.label());
        answer.put("reviewer", reviewer);
        answer.put("decided_at", at);
        return Reply.json(answer);
    }
}
