package org.vasco.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.RunFile;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.coordinator.cli.ReportCommand;
import org.vasco.coordinator.finalise.FinaliseFixture;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.review.HeadlessChromium;
import org.vasco.coordinator.service.CoordinatorService;
import org.vasco.testkit.services.SharedServices;
import picocli.CommandLine;

/**
 * End to end in headless Chromium: the coordinator finalises a seeded run and writes its bundle; its report page at
 * {@code /runs/<run>}, and the bundle's {@code report.html} opened from disk with the browser offline, load without a
 * single console error (no refused load, no policy violation), every chart has data and renders, and every number of
 * the funnel and the per-plate table is the one {@code vasco report --json} prints. Skips only where Debian's chromium
 * package is not installed ({@code .ci/run} installs it). The page keeps the review page's rules: its policy in a
 * header, never framed, run ids validated (400) and unknown runs 404; a run not finalised yet gets its progress.
 */
class RunReportBrowserTest {

    @Test
    void theServedPageAndTheOfflineReportShowEveryChartAndTheNumbersOfVascoReport() throws Exception {
        assumeTrue(HeadlessChromium.available(), HeadlessChromium.BINARY + " is missing: install Debian's chromium package"
                + " (.ci/run does) to run the report page in a browser");
        SharedServices services = SharedServices.get();
        FinaliseFixture f = new FinaliseFixture("report-page").seedComplete().seedQuality();
        new RunFinaliser(f.db).finalise(f.runId).orElseThrow();
        ArtefactStore store = new ArtefactStore(services.newDirectory("report-store"));
        Map<String, String> vars = new HashMap<>();
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), "4");
        vars.put(ClusterSettings.DATA.name(), store.root().toString());
        vars.put(FrameworkSettings.OUTBOX_PUBLISHER.name(), "false");
        vars.put(FrameworkSettings.RECONCILE_INTERVAL.name(), "200ms");
        JsonNode expected = ApiJson.MAPPER.readTree(vascoReportJson(services, f.runId)).get("funnel");

        try (CoordinatorService coordinator = CoordinatorService.start(services.environment(vars), null)) {
            String base = "http://127.0.0.1:" + coordinator.httpPort();
            HttpResponse<String> page = get(base + "/runs/" + f.runId);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(RunReportPage.CONTENT_SECURITY_POLICY);
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(get(base + "/runs/%3Cscript%3Ealert(1)%3C%2Fscript%3E").statusCode()).isEqualTo(400);
            assertThat(get(base + "/runs/no-such-run").statusCode()).isEqualTo(404);
            FinaliseFixture open = new FinaliseFixture("report-open").seedIncomplete();
            assertThat(get(base + "/runs/" + open.runId).body()).contains("data-state=\"IN_PROGRESS\"",
                    "id=\"chart-progress\"", "The run is in progress");

            Path report = store.runArtefacts(f.runId).file(RunFile.REPORT);
            await("the run's bundle").atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
            try (HeadlessChromium browser = HeadlessChromium.launch(services.newDirectory("chromium"), "about:blank")) {
                browser.collectErrors();
                browser.navigate(base + "/runs/" + f.runId);
                checkPage(browser, expected);

                browser.offline();
                browser.navigate(report.toUri().toString());
                checkPage(browser, expected);
                assertThat(browser.evaluate("location.protocol").asText()).isEqualTo("file:");
            }
        }
    }

    private static void checkPage(HeadlessChromium browser, JsonNode expected) throws Exception {
        await("every chart image decoded").atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                "Array.from(document.querySelectorAll('figure.chart img')).every(i => i.complete && i.naturalWidth > 0)")
                .asBoolean());
        JsonNode charts = browser.evaluate("Array.from(document.querySelectorAll('figure.chart')).map(f => ({id: f.id,"
                + " points: Number(f.dataset.points), width: f.querySelector('img').naturalWidth,"
                + " marks: (atob(f.querySelector('img').src.split(',')[1]).match(/<(path|rect|circle|ellipse|polygon|line)\\b/g)"
                + "   || []).length,"
                + " empty: atob(f.querySelector('img').src.split(',')[1]).includes('no data')}))");
        assertThat(charts).hasSize(9);
        for (JsonNode chart : charts) {
            assertThat(chart.get("points").asInt()).as("%s has data", chart.get("id")).isPositive();
            assertThat(chart.get("width").asInt()).as("%s renders", chart.get("id")).isPositive();
            assertThat(chart.get("marks").asInt()).as("%s draws", chart.get("id")).isGreaterThan(10);
            assertThat(chart.get("empty").asBoolean()).as("%s shows no 'no data'", chart.get("id")).isFalse();
        }
        JsonNode funnel = browser.evaluate("Object.fromEntries(Array.from(document.querySelectorAll("
                + "'#funnel-table td[data-key]')).map(td => [td.dataset.key, Number(td.textContent)]))");
        assertNumbers(funnel, expected.get("run"));
        assertThat(funnel.size()).isEqualTo(7 + expected.get("post_stages").size() + 1);
        JsonNode plates = browser.evaluate("Array.from(document.querySelectorAll('#plate-table tr[data-plate]')).map(tr =>"
                + " Object.fromEntries([['plate_id', tr.dataset.plate]].concat(Array.from(tr.querySelectorAll('td[data-key]'))"
                + ".map(td => [td.dataset.key, Number(td.textContent)]))))");
        assertThat(plates).hasSize(expected.get("plates").size());
        for (int i = 0; i < plates.size(); i++) {
            assertThat(plates.get(i).get("plate_id").asText()).isEqualTo(expected.get("plates").get(i).get("plate_id").asText());
            assertNumbers(plates.get(i), expected.get("plates").get(i));
        }
        assertThat(browser.evaluate("document.querySelectorAll('#candidate-table tbody tr').length").asInt())
                .isEqualTo(expected.get("run").get("final_count").asInt());
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    /** Every number the page shows under a data-key equals that field of the report's counts. */
    private static void assertNumbers(JsonNode page, JsonNode counts) {
        int compared = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = page.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> cell = it.next();
            if (cell.getKey().equals("plate_id")) {
                continue;
            }
            String[] path = cell.getKey().split("\\.", 2);
            JsonNode want = path.length == 2 ? counts.get(path[0]).get(path[1]) : counts.get(path[0]);
            assertThat(want).as("vasco report --json has %s", cell.getKey()).isNotNull();
            assertThat(cell.getValue().asLong()).as(cell.getKey()).isEqualTo(want.asLong());
            compared++;
        }
        assertThat(compared).isGreaterThan(8);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String vascoReportJson(SharedServices services, String runId) {
        CliContext context = new CliContext(new ClusterLocator(services.environment(Map.of()),
                services.newDirectory("cli")), Clock.systemUTC());
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ReportCommand(context));
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("--run", runId, "--json")).isZero();
        return out.toString();
    }
}
