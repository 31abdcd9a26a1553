package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.coordinator.service.CoordinatorService;
import org.vasco.download.DownloadSettings;
import org.vasco.download.DownloadWorker;
import org.vasco.xmatch.XmatchWorker;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.SyntheticSkyArchives;
import org.vasco.testkit.archives.Misbehaviour;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.local.VascoCommand;
import org.vasco.testkit.services.SharedServices;
import picocli.CommandLine;

/**
 * The running services against {@code deploy/}: the coordinator and the download worker started as their
 * container mains start them, on the test broker and database, after {@code vasco db migrate} and
 * {@code vasco topics create} (the two Jobs), with the loopback DSS of the synthetic sky. One tile is downloaded
 * (the archive answers 503 once first, so external errors are counted too). Then every metric that a
 * dashboard's PromQL or an autoscaler names must be in the services' scrape, and the probe and scrape paths of
 * the manifests must answer.
 */
class ServicesScrapeTest {

    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String METRICS = "/metrics";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan");

    private static CoordinatorService coordinator;
    private static WorkerService worker;
    private static WorkerService xmatch;
    private static Environment env;
    private static String scraped;
    private static SyntheticArchives archives;

    @BeforeAll
    static void startServicesAndRunATile() throws Exception {
        SharedServices shared = SharedServices.get();
        archives = SyntheticSkyArchives.start(SyntheticSky.withSeed(20261125L));
        Map<String, String> vars = new HashMap<>(archives.environment());
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        vars.put(ClusterSettings.DATA.name(), shared.newDirectory("deploy-scrape").toString());
        vars.put(FrameworkSettings.CONSUMER_GROUP.name(), "deploy-scrape-" + UUID.randomUUID());
        // Only tasks published from now on: other test classes share this broker.
        vars.put(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "latest");
        vars.put(DownloadSettings.DSS.backoff().name(), "20ms");
        env = shared.environment(vars);
        assertThat(vasco("db", "migrate")).contains("Schema up to date");
        assertThat(vasco("topics", "create")).contains(Step.DLQ_TOPIC);
        coordinator = CoordinatorService.start(env, null);
        worker = DownloadWorker.start(env, null);
        // The cross-match worker registers its catalogue-cache counters at start; it gets a group of its own.
        xmatch = XmatchWorker.start(env.with(FrameworkSettings.CONSUMER_GROUP.name(), "deploy-scrape-xmatch-" + UUID.randomUUID()), null);
        await().atMost(Duration.ofSeconds(60)).until(worker::isConsuming);

        // The archive answers 503 once (an external error, retried), then the cut-out: the download is done.
        archives.dss().misbehave(Misbehaviour.SERVICE_UNAVAILABLE, 1);
        String run = "deploy-scrape-" + UUID.randomUUID().toString().substring(0, 8);
        vasco("submit", "--plate", "XE309", "--limit", "1", "--run", run);
        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(json.readTree(vasco("status", "--run", run, "--json")).at("/steps/download/done").asInt()).isEqualTo(1));
        scraped = get(worker.httpPort(), METRICS).body() + "\n" + get(coordinator.httpPort(), METRICS).body()
                + "\n" + get(xmatch.httpPort(), METRICS).body();
    }

    @AfterAll
    static void stop() {
        if (xmatch != null) {
            xmatch.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (archives != null) {
            archives.close();
        }
    }

    @Test
    void theJobsCommandsAreIdempotent() throws Exception {
        assertThat(vasco("db", "migrate")).contains("plan already loaded");
        assertThat(vasco("topics", "create")).contains("created now: []");
    }

    @Test
    void everyMetricOfEveryDashboardAlertAndAutoscalerIsScraped() throws IOException {
        Set<String> emitted = metricNames(scraped);
        assertThat(emitted).contains("vasco_step_completed_total", "vasco_step_duration_seconds_bucket", "vasco_dlq_messages_total",
                "vasco_step_backlog", "vasco_stage_loop_dead");
        Map<String, Set<String>> used = metricsUsedInDeploy();
        assertThat(used.keySet()).anyMatch(k -> k.startsWith("pipeline-overview.json"))
                .anyMatch(k -> k.startsWith("prometheus-rule.yaml")).anyMatch(k -> k.startsWith("horizontal-pod-autoscalers.yaml"))
                .anyMatch(k -> k.startsWith("prometheus-adapter-values.yaml"));
        assertThat(used).hasSizeGreaterThan(25);
        used.forEach((where, names) -> {
            assertThat(names).as(where + " names metrics").isNotEmpty();
            assertThat(emitted).as(where + " uses only metrics the services emit").containsAll(names);
            // Consumer lag is NaN while partitions are paused (under load) and does not exist for share groups: the
            // backlog from the database (vasco_step_backlog) replaces it everywhere.
            assertThat(names).as(where).noneMatch(n -> n.contains("records_lag"));
        });
    }

    /**
     * Every PromQL expression in deploy/, by where it is: the dashboards' panel queries, the alerts' expressions,
     * the HPA's external metrics and the prometheus-adapter rule that serves them.
     */
    static Map<String, Set<String>> metricsUsedInDeploy() throws IOException {
        Map<String, Set<String>> used = new java.util.TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : DeployFiles.files(DeployFiles.deploy().resolve("grafana/dashboards"), ".json")) {
            for (JsonNode expr : json.readTree(file.toFile()).findValues("expr")) {
                used.computeIfAbsent(file.getFileName() + ": " + expr.asText(), k -> new TreeSet<>()).addAll(metricsIn(expr.asText()));
            }
            JsonNode variables = json.readTree(file.toFile()).at("/templating/list");
            for (JsonNode v : variables) {
                String query = v.at("/query/query").asText(v.path("query").asText());
                Matcher labelValues = Pattern.compile("label_values\\((\\w+)").matcher(query);
                if (labelValues.find()) {
                    used.computeIfAbsent(file.getFileName() + ": variable " + v.path("name").asText(), k -> new TreeSet<>())
                            .add(labelValues.group(1));
                }
            }
        }
        for (Path file : DeployFiles.files(DeployFiles.deploy().resolve("k8s/components"), ".yaml")) {
            for (JsonNode doc : DeployFiles.yamlDocuments(file)) {
                for (JsonNode rule : doc.at("/spec/groups").findValues("rules")) {
                    for (JsonNode r : rule) {
                        used.computeIfAbsent(file.getFileName() + ": " + r.path("alert").asText(), k -> new TreeSet<>())
                                .addAll(metricsIn(r.path("expr").asText()));
                    }
                }
                for (JsonNode metric : doc.at("/spec/metrics").findValues("metric")) {
                    used.computeIfAbsent(file.getFileName() + ": " + doc.at("/metadata/name").asText(), k -> new TreeSet<>())
                            .add(metric.path("name").asText());
                }
            }
        }
        Path adapter = DeployFiles.deploy().resolve("prometheus/prometheus-adapter-values.yaml");
        for (JsonNode rule : DeployFiles.yamlDocuments(adapter).get(0).at("/rules/external")) {
            Set<String> names = used.computeIfAbsent(adapter.getFileName() + ": " + rule.at("/name/as").asText(), k -> new TreeSet<>());
            names.addAll(metricsIn(rule.path("seriesQuery").asText()));
            names.add(rule.at("/name/as").asText());
        }
        return used;
    }

    @Test
    void theProbeAndScrapePathsOfTheManifestsAnswer() throws IOException {
        Set<String> paths = new HashSet<>();
        for (JsonNode d : DeployFiles.baseResources()) {
            if (ManifestsTest.serviceOf(d).isPresent() && d.path("kind").asText().equals("Deployment")) {
                JsonNode c = d.at("/spec/template/spec/containers/0");
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    paths.add(c.path(probe).at("/httpGet/path").asText());
                }
                paths.add(d.at("/spec/template/metadata/annotations").path("prometheus.io/path").asText());
            }
        }
        assertThat(paths).containsExactlyInAnyOrder(LIVE, READY, METRICS);
        for (int port : List.of(worker.httpPort(), coordinator.httpPort())) {
            for (String path : paths) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(get(port, path).statusCode()).as("GET " + path + " on port " + port).isEqualTo(200));
            }
        }
    }

    /** Metric names of a PromQL expression: identifiers outside strings, label matchers, ranges and grouping clauses. */
    static Set<String> metricsIn(String expr) {
        String e = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
                .replaceAll("\\$\\w+", "");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*)(\\s*\\()?").matcher(e);
        while (m.find()) {
            if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static Set<String> metricNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static HttpResponse<String> get(int port, String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String vasco(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VascoCommand.commandLine(new CliContext(new ClusterLocator(env, Path.of("")), Clock.systemUTC()),
                StageRegistry.empty());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        assertThat(code).as("vasco " + String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    @Test
    void promqlMetricExtractionSkipsFunctionsLabelsAndGrouping() {
        assertThat(metricsIn("histogram_quantile(0.95, sum by (le, step) (rate(a_b_bucket{outcome=\"done\"}[$__rate_interval])))"))
                .containsExactly("a_b_bucket");
        assertThat(metricsIn("max by (step) (label_replace(x_lag, \"step\", \"$1\", \"client_id\", \"v-(.*)\")) / on (step) sum(rate(y_total[15m]))"))
                .containsExactly("x_lag", "y_total");
        assertThat(new ArrayList<>(metricsIn("60 * sum(z) or vector(1e3)"))).containsExactly("z");
    }
}
