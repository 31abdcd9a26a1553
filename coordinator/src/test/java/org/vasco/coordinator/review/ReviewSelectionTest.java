package org.vasco.coordinator.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.catalog.SourcesAtEpoch;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.testkit.sky.SkyTile;

/**
 * The review page's filters and sorting over a run of more than two pages: {@value #ADDED} more final candidates on
 * the fixture's run (two tiles, two plates, every third flagged by a stage, every fifth reviewed, some without
 * SNR_WIN), then the pages walked link by link: a filter's matches spread over several pages all arrive, each once,
 * nothing else; an order holds across the page boundaries; a page started at a candidate that has since left the
 * selection goes on after it; bad parameters get a 400 naming the parameter and the value. And a run whose isolation
 * the xmatch step recorded sorts and shows it with no neighbourhood file to read, candidates recorded before the step
 * did (computed from the files) in the same order and with the value the step would have recorded.
 */
class ReviewSelectionTest {

    private static final int ADDED = 450;
    private static final String OTHER_PLATE = "XE003";
    private static final Pattern ARTICLE = Pattern.compile("<article class=\"candidate\" data-src-id=\"([^\"]+)\"");
    private static final Pattern NEXT = Pattern.compile("<a id=\"next\" href=\"([^\"]+)\"");
    private static final Pattern PREVIOUS = Pattern.compile("<a id=\"previous\" href=\"([^\"]+)\"");
    private static final Pattern NEAREST = Pattern.compile("Nearest catalogue source</dt><dd>([^<]+)</dd>");

    private static ReviewFixture fixture;
    private static String base;
    /** src_id to its SNR_WIN (null: none), latest verdict (null: none), plate and stage flag, as seeded. */
    private static final Map<String, Double> SNR = new HashMap<>();
    private static final Map<String, String> REVIEW = new HashMap<>();
    private static final Map<String, String> PLATE = new HashMap<>();
    private static final Set<String> FLAGGED = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReviewFixture();
        base = fixture.serve(Optional.of(ReviewFixture.TOKEN));
        SNR.put(fixture.src(1), 41.2);
        SNR.put(fixture.src(2), 33.0);
        PLATE.put(fixture.src(1), ReviewFixture.PLATE);
        PLATE.put(fixture.src(2), ReviewFixture.PLATE);
        double cosDec = Math.cos(Math.toRadians(fixture.tile.decDeg()));
        fixture.db.inTransaction(c -> {
            try (PreparedStatement candidate = c.prepareStatement("INSERT INTO candidate (run_id, src_id, tile_id, plate_id,"
                    + " object_number, ra_deg, dec_deg, plate_epoch, measurements) VALUES (?, ?, ?, ?, ?, ?, ?, 1953.2, ?::jsonb)");
                 PreparedStatement flag = c.prepareStatement("INSERT INTO candidate_flag (run_id, src_id, stage, verdict)"
                         + " VALUES (?, ?, 'morphology', ?)");
                 PreparedStatement review = c.prepareStatement("INSERT INTO review_verdict (run_id, src_id, verdict, reviewer)"
                         + " VALUES (?, ?, ?, 'seed')")) {
                for (int k = 0; k < ADDED; k++) {
                    // every third on the other tile, under another plate (it has no catalogue neighbourhood kept)
                    boolean other = k % 3 == 0;
                    String tile = (other ? fixture.otherTile : fixture.tile).value();
                    int number = 100 + k;
                    String src = tile + ":" + number;
                    Double snr = k % 50 == 8 ? null : (k * 37 % ADDED) / 10.0;
                    // a grid over the tile's middle 8′, so the nearest catalogue source varies
                    double dx = ((k * 13) % 41 - 20) * 0.2 / 60.0;
                    double dy = ((k * 17) % 43 - 21) * 0.2 / 60.0;
                    TileCentre centre = new TileCentre(other ? fixture.otherTile.raDeg() : fixture.tile.raDeg(),
                            other ? fixture.otherTile.decDeg() : fixture.tile.decDeg());
                    candidate.setString(1, fixture.runId);
                    candidate.setString(2, src);
                    candidate.setString(3, tile);
                    candidate.setString(4, other ? OTHER_PLATE : ReviewFixture.PLATE);
                    candidate.setInt(5, number);
                    candidate.setDouble(6, centre.ra() + dx / cosDec);
                    candidate.setDouble(7, centre.dec() + dy);
                    candidate.setString(8, snr == null ? "{\"FLUX_AUTO\": 1.0}" : "{\"SNR_WIN\": " + snr + "}");
                    candidate.addBatch();
                    SNR.put(src, snr);
                    PLATE.put(src, other ? OTHER_PLATE : ReviewFixture.PLATE);
                    flag.setString(1, fixture.runId);
                    flag.setString(2, src);
                    flag.setString(3, k % 4 == 1 ? "FLAG" : "KEEP");
                    flag.addBatch();
                    if (k % 4 == 1) {
                        FLAGGED.add(src);
                    }
                    if (k % 5 == 2) {
                        String verdict = List.of("real", "artefact", "unsure").get(k % 3);
                        review.setString(1, fixture.runId);
                        review.setString(2, src);
                        review.setString(3, verdict);
                        review.addBatch();
                        REVIEW.put(src, verdict);
                    }
                }
                candidate.executeBatch();
                flag.executeBatch();
                review.executeBatch();
            }
            return null;
        });
    }

    private record TileCentre(double ra, double dec) {
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void everyCandidateOnceInCandidateOrderAcrossThreePages() throws Exception {
        List<Page> pages = walk("/review/" + fixture.runId);
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).html()).contains((ADDED + 2) + " final candidates; this page shows 1–200")
                .doesNotContain("id=\"previous\"");
        assertThat(pages.get(1).html()).contains("this page shows 201–400");
        List<String> ids = pages.stream().flatMap(p -> p.ids().stream()).toList();
        List<String> expected = new ArrayList<>(SNR.keySet());
        expected.sort(Comparator.comparing((String s) -> s.substring(0, s.lastIndexOf(':')))
                .thenComparingInt(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))));
        assertThat(ids).containsExactlyElementsOf(expected);
        // back from the last page: the previous link keeps the selection and lands on the second page
        Matcher previous = PREVIOUS.matcher(pages.get(2).html());
        assertThat(previous.find()).isTrue();
        assertThat(get(unescape(previous.group(1))).ids()).isEqualTo(pages.get(1).ids());
    }

    @Test
    void aFilterKeepsOnlyItsMatchesOnEveryPageAndTheOrderHoldsAcrossPages() throws Exception {
        List<Page> pages = walk("/review/" + fixture.runId + "?state=unreviewed&verdict=keep&sort=snr-desc");
        List<String> ids = pages.stream().flatMap(p -> p.ids().stream()).toList();
        List<String> matches = SNR.keySet().stream().filter(s -> !REVIEW.containsKey(s) && !FLAGGED.contains(s)).toList();
        assertThat(pages).as("the matches lie on several pages").hasSizeGreaterThan(1);
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(matches);
        assertThat(pages.get(0).html()).contains("<span id=\"selected\">" + matches.size() + "</span> selected");
        // SNR_WIN from highest to lowest, across the page boundaries; those without one last, in candidate order
        List<Double> snr = ids.stream().map(SNR::get).toList();
        int known = (int) snr.stream().filter(v -> v != null).count();
        assertThat(snr.subList(0, known)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(snr.subList(known, snr.size())).containsOnlyNulls().isNotEmpty();
        // every link keeps the parameters
        for (Page page : pages) {
            assertThat(page.html()).contains("href=\"/review/" + fixture.runId + "?state=unreviewed&amp;verdict=keep&amp;sort=snr-desc")
                    .contains("<option value=\"unreviewed\" selected>", "<option value=\"keep\" selected>",
                            "<option value=\"snr-desc\" selected>");
        }
        // the progress count stays over the whole run
        assertThat(pages.get(0).html()).contains(REVIEW.size() + " of " + SNR.size() + " reviewed");

        List<Page> plate = walk("/review/" + fixture.runId + "?plate=" + OTHER_PLATE + "&sort=plate");
        assertThat(plate.stream().flatMap(p -> p.ids().stream()))
                .containsExactlyInAnyOrderElementsOf(SNR.keySet().stream().filter(s -> PLATE.get(s).equals(OTHER_PLATE)).toList());
    }

    @Test
    void mostIsolatedFirstOverTheWholeRun() throws Exception {
        List<Page> pages = walk("/review/" + fixture.runId + "?sort=isolation");
        assertThat(pages).hasSize(3);
        // the readout's nearest catalogue source, page after page: farthest first, "none within" before any distance,
        // the tile without catalogue neighbourhoods last
        List<Double> distances = new ArrayList<>();
        for (Page page : pages) {
            Matcher m = NEAREST.matcher(page.html());
            while (m.find()) {
                String value = m.group(1);
                Double arcsec = value.startsWith("no catalogue") ? null : value.startsWith("none within")
                        ? Double.valueOf(org.vasco.common.catalog.NearestCatalogueSource.SEARCH_ARCSEC) : Double.valueOf(value.substring(0, value.indexOf('″')));
                distances.add(arcsec);
            }
        }
        assertThat(distances).hasSize(SNR.size());
        int known = (int) distances.stream().filter(v -> v != null).count();
        assertThat(known).as("candidates on the tile with catalogue neighbourhoods").isEqualTo(SNR.size() - ADDED / 3);
        // rounded to 0.1″ on the page: non-increasing at that precision
        assertThat(distances.subList(0, known)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(distances.subList(0, known).stream().distinct().count()).as("distinct distances").isGreaterThan(50);
        assertThat(distances.subList(known, distances.size())).containsOnlyNulls();
    }

    @Test
    void theIsolationTheXmatchStepRecordedIsSortedAndShownWithoutReadingNeighbourhoods() throws Exception {
        // a run of 40 candidates recorded by the xmatch step on the tile whose neighbourhood files are gone (the other
        // tile has none), one recorded on the tile that has them (the record wins), and 20 recorded before the
        // step did (V10) on that tile, computed from its files
        String run = "review-recorded-" + fixture.runId.substring(7);
        Map<String, String> shown = new HashMap<>();
        // what the xmatch step would record for the older ones, from the neighbourhoods as it has them in memory (the
        // synthetic sky's, which the fixture wrote to the kept files): the page's value computed from the files must equal it
        SkyTile sky = ReviewFixture.sky(fixture.tile, ReviewFixture.PLATE);
        List<SourcesAtEpoch> inMemory = NearestCatalogueSource.CATALOGUES.stream()
                .map(c -> SourcesAtEpoch.of(sky.neighbourhood(c, sky.defaultNeighbourhoodRadiusArcmin()))).toList();
        Map<String, String> wouldRecord = new HashMap<>();
        double cosDec = Math.cos(Math.toRadians(fixture.tile.decDeg()));
        fixture.db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, steps) VALUES (?, ARRAY['xmatch'])")) {
                ps.setString(1, run);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidate (run_id, src_id, tile_id, plate_id,"
                    + " object_number, ra_deg, dec_deg, plate_epoch, nearest_catalogue_arcsec, nearest_catalogue)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 1953.2, ?, ?)")) {
                for (int k = 0; k < 61; k++) {
                    boolean other = k < 40;
                    TileId tile = other ? fixture.otherTile : fixture.tile;
                    String src = tile.value() + ":" + (1000 + k);
                    Double arcsec = null;
                    if (other) {
                        arcsec = k % 8 == 3 ? 120.0 : (k * 7 % 40) * 2.5 + 0.3;
                    } else if (k == 40) {
                        arcsec = 99.9;
                    }
                    String catalogue = other ? (k % 8 == 3 ? null : List.of("gaia", "ps1", "usnob").get(k % 3))
                            : k == 40 ? "usnob" : null;
                    ps.setString(1, run);
                    ps.setString(2, src);
                    ps.setString(3, tile.value());
                    ps.setString(4, other ? OTHER_PLATE : ReviewFixture.PLATE);
                    ps.setInt(5, 1000 + k);
                    ps.setDouble(6, tile.raDeg() + ((k * 13) % 41 - 20) * 0.2 / 60.0 / cosDec);
                    ps.setDouble(7, tile.decDeg() + ((k * 17) % 43 - 21) * 0.2 / 60.0);
                    ps.setObject(8, arcsec);
                    ps.setString(9, catalogue);
                    ps.addBatch();
                    if (arcsec != null) {
                        shown.put(src, readout(new NearestCatalogueSource(arcsec,
                                catalogue == null ? null : Catalogue.fromLabel(catalogue))));
                    } else {
                        double ra = tile.raDeg() + ((k * 13) % 41 - 20) * 0.2 / 60.0 / cosDec;
                        double dec = tile.decDeg() + ((k * 17) % 43 - 21) * 0.2 / 60.0;
                        wouldRecord.put(src, readout(NearestCatalogueSource.of(inMemory, ra, dec, 1953.2)));
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
        assertThat(wouldRecord.values()).as("older candidates near a catalogue source").anyMatch(v -> v.endsWith(")"));
        Page page = get("/review/" + run + "?sort=isolation");
        assertThat(page.ids()).hasSize(61);
        Matcher m = NEAREST.matcher(page.html());
        List<String> readouts = new ArrayList<>();
        while (m.find()) {
            readouts.add(m.group(1));
        }
        assertThat(readouts).hasSize(61).doesNotContain("no catalogue neighbourhood kept for the tile");
        for (int i = 0; i < 61; i++) {
            String src = page.ids().get(i);
            if (shown.containsKey(src)) {
                assertThat(readouts.get(i)).as(src).isEqualTo(shown.get(src));
            } else {
                assertThat(readouts.get(i)).as(src + ", computed from the files").isEqualTo(wouldRecord.get(src));
            }
        }
        // recorded and computed distances in one order, farthest first
        List<Double> distances = readouts.stream().map(v -> v.startsWith("none within") ? 120.0
                : Double.parseDouble(v.substring(0, v.indexOf('″')))).toList();
        assertThat(distances).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(distances.stream().distinct().count()).isGreaterThan(30);
    }

    /** The readout's line for a nearest catalogue source, as the page prints it. */
    private static String readout(NearestCatalogueSource nearest) {
        return nearest.found() ? String.format(Locale.ROOT, "%.1f″ (%s)", nearest.arcsec(),
                CandidateReadout.label(nearest.catalogue())) : "none within 120″";
    }

    @Test
    void thePageAfterADecidedPageStartsWhereTheReviewerStopped() throws Exception {
        Page first = get("/review/" + fixture.runId + "?state=unreviewed&plate=" + ReviewFixture.PLATE);
        Matcher next = NEXT.matcher(first.html());
        assertThat(next.find()).isTrue();
        Page second = get(unescape(next.group(1)));
        // the reviewer decides the whole first page (and the first of the next) while it is open, then follows "next page"
        fixture.db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO review_verdict (run_id, src_id, verdict, reviewer)"
                    + " VALUES (?, ?, 'artefact', 'ada')")) {
                for (String src : IntStream.rangeClosed(0, first.ids().size())
                        .mapToObj(i -> i < first.ids().size() ? first.ids().get(i) : second.ids().get(0)).toList()) {
                    ps.setString(1, fixture.runId);
                    ps.setString(2, src);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        try {
            Page after = get(unescape(next.group(1)));
            assertThat(after.ids()).isEqualTo(second.ids().subList(1, second.ids().size()));
        } finally {
            fixture.db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM review_verdict WHERE run_id = ? AND reviewer = 'ada'")) {
                    ps.setString(1, fixture.runId);
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    @Test
    void badParametersAreA400NamingTheParameterAndTheValue() throws Exception {
        String page = "/review/" + fixture.runId;
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("?sort=%3Cscript%3E", "Query parameter sort='<script>' is not one of candidate, snr-desc, snr-asc, isolation, plate");
        refusals.put("?state=maybe", "Query parameter state='maybe' is not one of unreviewed, reviewed, real, artefact, unsure");
        refusals.put("?verdict=REJECT", "Query parameter verdict='REJECT' is not one of flag, keep");
        refusals.put("?plate=..%2F..%2Fetc", "Query parameter plate='../../etc' is not a plate id");
        refusals.put("?plate=XE999", "Query parameter plate='XE999' is no plate of run " + fixture.runId
                + "'s final candidates; its plates: XE002, XE003");
        refusals.put("?start=x%27%3B--", "Query parameter start: Invalid candidate id 'x';--'");
        refusals.put("?start=" + fixture.src(3), "Query parameter start='" + fixture.src(3) + "' is no final candidate");
        refusals.put("?offset=200", "Unknown query parameter 'offset' on the review page; it takes plate, sort, start, state, verdict");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> response = ReviewFixture.get(base + page + refusal.getKey());
            assertThat(response.statusCode()).as(refusal.getKey() + ": " + response.body()).isEqualTo(400);
            JsonNode error = ApiJson.MAPPER.readTree(response.body());
            assertThat(error.path("error").asText()).as(refusal.getKey()).startsWith(refusal.getValue());
        }
    }

    private record Page(String html, List<String> ids) {
    }

    /** Follows the "next page" links from {@code path} to the last page. */
    private static List<Page> walk(String path) throws Exception {
        List<Page> pages = new ArrayList<>();
        String at = path;
        while (at != null) {
            Page page = get(at);
            pages.add(page);
            Matcher next = NEXT.matcher(page.html());
            at = next.find() ? unescape(next.group(1)) : null;
            assertThat(pages).as("pages of " + path).hasSizeLessThan(10);
        }
        return pages;
    }

    private static Page get(String path) throws Exception {
        HttpResponse<String> response = ReviewFixture.get(base + path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Matcher m = ARTICLE.matcher(response.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).as(path).hasSizeLessThanOrEqualTo(ReviewSettings.DEFAULT_PAGE_SIZE);
        return new Page(response.body(), ids);
    }

    private static String unescape(String href) {
        return href.replace("&amp;", "&");
    }
}
