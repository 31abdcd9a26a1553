package org.vasco.coordinator.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.catalog.SourcesAtEpoch;
import org.vasco.common.db.Database;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.service.ServiceEndpoint;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.RunFile;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.api.ApiException;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.api.ApiRequest;
import org.vasco.coordinator.api.ApiRouter;
import org.vasco.coordinator.api.CandidateQueries;
import org.vasco.coordinator.api.CandidateView;
import org.vasco.coordinator.api.Reply;
import org.vasco.coordinator.api.RunApi;
import org.vasco.coordinator.api.RunQueries;
import org.vasco.coordinator.api.SourceId;

/**
 * Wires the JSON API ({@link RunApi}) and the review endpoints into a service's HTTP endpoint, under
 * {@code /api/} and {@code /review}:
 * <ul>
 *   <li>{@code GET /favicon.ico}: the pages' icon, a crosshair;</li>
 *   <li>{@code GET /review}: the runs, each linking to its page;</li>
 *   <li>{@code GET /review/{run}[?state=&plate=&verdict=&sort=&start=]}: the run's final candidates, filtered and
 *       sorted over the whole run ({@link ReviewSelection}), {@code VASCO_REVIEW_PAGE_SIZE} at a time;</li>
 *   <li>{@code GET /api/runs/{run}/candidates/{src_id}/stamp.png[?marks=0]}: the candidate's POSS-I stamp
 *       ({@link StampRenderer}), the catalogue sources drawn at the plate epoch unless {@code marks=0};</li>
 *   <li>{@code GET /api/runs/{run}/candidates/{src_id}/modern.png[?marks=0]}: the same field at the modern epoch
 *       (DSS2 red, fetched once and kept: {@link ModernCutouts}), the sources drawn at that epoch;</li>
 *   <li>{@code GET /api/runs/{run}/reviews.csv}: every review verdict of the run ({@link ReviewsCsv});</li>
 *   <li>{@code POST /api/runs/{run}/reviews/bundle} with the bearer token: writes the run's bundle again, its
 *       {@code reviews.csv} with every verdict so far (409 while the run is not finalised);</li>
 *   <li>{@code POST /api/runs/{run}/candidates/{src_id}/review} with {@code {"verdict": "real|artefact|unsure",
 *       "reviewer": "…"}} and {@code Authorization: Bearer <VASCO_REVIEW_TOKEN>}: records the verdict and answers
 *       it with its time ({@link ReviewLedger}).</li>
 * </ul>
 */
public final class ReviewRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewRoutes.class);
    static final int MAX_REVIEWER_LENGTH = 64;
    /** The catalogue veto radius of SPEC §6 (the xmatch step's default), drawn around each candidate. */
    static final double VETO_RADIUS_ARCSEC = 5.0;
    /** The modern survey's name in the page's captions. */
    static final String MODERN_LABEL = "DSS2 red";
    /** How far the page looks for the nearest bright star. */
    static final double NEAREST_BRIGHT_ARCMIN = 30.0;

    private final RunApi api;
    private final RunQueries runs;
    private final StampRenderer stamps;
    private final ReviewLedger ledger;
    private final BearerToken token;
    private final ReviewSettings settings;
    private final ModernCutouts modern;
    private final FieldCatalogues catalogues;
    private final ReviewQueue queue;
    private final TilePsfWidths psfWidths;
    private final RunBundles bundles;

    /** Writes a finalised run's bundle again (the coordinator's {@code RunBundlePublisher#publish}). */
    @FunctionalInterface
    public interface RunBundles {
        /** @return the run when its bundle was written; empty when the run is not finalised (or is being written) */
        Optional<String> publish(String runId) throws SQLException, IOException;
    }

    private ReviewRoutes(Database db, ArtefactStore store, ReviewSettings settings, MeterRegistry metrics, RunBundles bundles) {
        this.bundles = bundles;
        this.api = new RunApi(db, Clock.systemUTC());
        this.runs = new RunQueries(db);
        this.stamps = new StampRenderer(store, settings.stampArcmin(), settings.stampPixels());
        this.modern = new ModernCutouts(store, new ArchiveClient(settings.modernSurvey(), metrics, ReviewSettings.USER_AGENT),
                settings.stampArcmin());
        this.catalogues = new FieldCatalogues(store);
        this.queue = new ReviewQueue(new CandidateIsolation(catalogues), settings.pageSize());
        this.psfWidths = new TilePsfWidths(db);
        this.ledger = new ReviewLedger(db);
        this.token = new BearerToken(settings.token());
        this.settings = settings;
    }

    /** Builds the router of every API and review endpoint. */
    public static ApiRouter router(Database db, ArtefactStore store, ReviewSettings settings, MeterRegistry metrics,
                                   RunBundles bundles) {
        ReviewRoutes routes = new ReviewRoutes(db, store, settings, metrics, bundles);
        return routes.api.addTo(new ApiRouter())
                .get("/favicon.ico", request -> Reply.png(StampRenderer.icon()))
                .get("/review", request -> Reply.html(ReviewPage.runs(routes.runs.runs()), ReviewPage.CONTENT_SECURITY_POLICY))
                .get("/review/{run}", routes::page)
                .get("/api/runs/{run}/candidates/{src_id}/stamp.png", routes::stamp)
                .get("/api/runs/{run}/candidates/{src_id}/modern.png", routes::modernStamp)
                .get("/api/runs/{run}/" + RunFile.REVIEWS.fileName(), routes::reviewsCsv)
                .post("/api/runs/{run}/reviews/bundle", routes::reviewsIntoBundle)
                .post("/api/runs/{run}/candidates/{src_id}/review", routes::review);
    }

    /** Serves the API under {@code /api/} and the review pages under {@code /review} on the endpoint. */
    public static void register(ServiceEndpoint endpoint, Database db, ArtefactStore store, ReviewSettings settings,
                                MeterRegistry metrics, RunBundles bundles) {
        ApiRouter router = router(db, store, settings, metrics, bundles);
        endpoint.register("/api/", router);
        endpoint.register("/review", router);
        // browsers ask every origin for its icon; unanswered, each page would log a failed load
        endpoint.register("/favicon.ico", router);
        LOG.info("Serving the API under /api/ and the review page under /review ({}; verdicts {})", settings,
                settings.token().isPresent() ? "need the bearer token" : "disabled until VASCO_REVIEW_TOKEN is set");
    }

    private Reply page(ApiRequest request) throws SQLException, ApiException, IOException {
        String run = api.knownRun(request);
        ReviewSelection selection = ReviewSelection.of(request);
        List<CandidateQueries.ReviewRow> rows = api.candidateQueries().reviewRows(run);
        ReviewQueue.Page page = queue.page(run, rows, selection);
        List<CandidateView> candidates = api.candidateQueries().candidates(run, page.srcIds());
        Map<String, NearestCatalogueSource> recorded = new HashMap<>();
        for (CandidateQueries.ReviewRow row : rows) {
            if (row.nearestCatalogueSource() != null) {
                recorded.put(row.srcId(), row.nearestCatalogueSource());
            }
        }
        Map<String, Double> psf = psfWidths.byTile(run);
        // tile by tile: a page in another order (SNR, isolation) over more tiles than FieldCatalogues keeps would read
        // a tile's files again for each of its candidates
        Map<String, CandidateReadout.Context> contexts = new HashMap<>();
        for (CandidateView c : candidates.stream().sorted(Comparator.comparing(CandidateView::tileId)).toList()) {
            contexts.put(c.srcId(), context(c, recorded.get(c.srcId()), psf.get(c.tileId())));
        }
        List<ReviewPage.Entry> entries = new ArrayList<>(candidates.size());
        for (CandidateView c : candidates) {
            entries.add(new ReviewPage.Entry(c, CandidateReadout.of(c.measurements(), contexts.get(c.srcId()))));
        }
        return Reply.html(ReviewPage.run(run, entries, selection, page, settings.stampPixels(), MODERN_LABEL),
                ReviewPage.CONTENT_SECURITY_POLICY);
    }

    /**
     * The nearest catalogue source (at the plate epoch) and bright star of a candidate: the source as the xmatch step
     * recorded it, computed from the kept neighbourhoods only for a candidate recorded before it did ({@code recorded}
     * null); the bright star from the kept list.
     */
    private CandidateReadout.Context context(CandidateView c, NearestCatalogueSource recorded, Double psfFwhm)
            throws IOException {
        TileId tile = TileId.of(c.tileId());
        NearestCatalogueSource nearest = recorded != null ? recorded : catalogues.nearestCatalogueSource(tile, c.raDeg(),
                c.decDeg(), c.plateEpoch() == null ? Double.NaN : c.plateEpoch());
        SourcesAtEpoch.Placed bright = catalogues.nearest(tile, List.of(Catalogue.PS1_BRIGHT), c.raDeg(), c.decDeg(),
                NEAREST_BRIGHT_ARCMIN * 60.0, Double.NaN);
        return new CandidateReadout.Context(psfFwhm, nearest, bright, NEAREST_BRIGHT_ARCMIN,
                catalogues.has(tile, Catalogue.PS1_BRIGHT));
    }

    private Reply stamp(ApiRequest request) throws SQLException, ApiException, IOException {
        String run = api.knownRun(request);
        CandidateView candidate = api.candidate(run, SourceId.parse(request.path("src_id")));
        return Reply.png(stamps.render(TileId.of(candidate.tileId()), candidate.raDeg(), candidate.decDeg(),
                marks(request, candidate)));
    }

    private Reply modernStamp(ApiRequest request) throws Exception {
        String run = api.knownRun(request);
        CandidateView candidate = api.candidate(run, SourceId.parse(request.path("src_id")));
        TileId tile = TileId.of(candidate.tileId());
        Path file = modern.cutout(tile, candidate.raDeg(), candidate.decDeg());
        return Reply.png(stamps.render(file, candidate.raDeg(), candidate.decDeg(), marks(request, candidate)));
    }

    /**
     * The circles of a stamp: the veto radius around the candidate (dashed), and each Gaia DR3, PS1 and USNO-B source
     * of the stamp placed at the image's epoch; none with {@code ?marks=0}. A source in all three catalogues gets three
     * concentric circles, Gaia's the smallest and USNO-B's the largest, so none hides another.
     */
    private StampRenderer.MarksAtEpoch marks(ApiRequest request, CandidateView c) {
        if (request.queryValue("marks").map("0"::equals).orElse(false)) {
            return StampRenderer.MarksAtEpoch.NONE;
        }
        TileId tile = TileId.of(c.tileId());
        double sourceRadius = settings.stampArcmin() * 60.0 / 24.0;
        double reach = settings.stampArcmin() * 60.0 * Math.sqrt(0.5) + 1.5 * sourceRadius;
        return epoch -> {
            List<StampRenderer.SkyMark> marks = new ArrayList<>();
            marks.add(new StampRenderer.SkyMark(c.raDeg(), c.decDeg(), VETO_RADIUS_ARCSEC, ReviewPage.VETO_RGB, true));
            for (SourcesAtEpoch.Placed p : catalogues.near(tile, FieldCatalogues.VETO_CATALOGUES, c.raDeg(), c.decDeg(),
                    reach, epoch)) {
                double radius = sourceRadius * (1.0 + 0.25 * FieldCatalogues.VETO_CATALOGUES.indexOf(p.catalogue()));
                marks.add(new StampRenderer.SkyMark(p.raDeg(), p.decDeg(), radius, ReviewPage.rgb(p.catalogue()), false));
            }
            return marks;
        };
    }

    private Reply reviewsCsv(ApiRequest request) throws SQLException, ApiException, IOException {
        String run = api.knownRun(request);
        return new Reply(200, ReviewsCsv.CONTENT_TYPE, ReviewsCsv.bytes(run, api.candidateQueries().reviews(run)),
                Map.of("Content-Disposition", "attachment; filename=\"" + ReviewsCsv.fileName(run) + "\""));
    }

    private Reply reviewsIntoBundle(ApiRequest request) throws SQLException, ApiException, IOException {
        token.check(request);
        String run = api.knownRun(request);
        if (bundles.publish(run).isEmpty()) {
            throw new ApiException(409, "Run " + run + " has no bundle to write the reviews into yet: a run's bundle is"
                    + " written once the run is finalised (or another coordinator is writing it now; try again)");
        }
        int reviews = api.candidateQueries().reviews(run).size();
        LOG.info("Review: run {} bundle written again with its {} review verdict(s)", run, reviews);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("run_id", run);
        answer.put("reviews", reviews);
        return Reply.json(answer);
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
