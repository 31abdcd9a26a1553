package org.vasco.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.storage.RunFile;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.local.VascoCommand;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.testkit.archives.Misbehaviour;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import picocli.CommandLine;

/**
 * {@code vasco demo} on two small tiles (20′ cut-outs): every tile reaches a final state, the recovery figures in
 * recovery.json agree with the synthetic sky's truth rendered independently here, the run's bundle is beside it and
 * read by {@code vasco report} and {@code vasco candidates} once the cluster is gone, and — while the demo's cluster
 * still runs — every metric that docs/metrics.md names is in the scrape of the services the doc says emit it.
 */
class DemoCommandTest {

    private static final long SEED = 7;
    private static final int TILES = 2;
    private static final double SIZE = 20;

    @TempDir
    static Path home;
    private static int exitCode;
    private static String output;
    private static final Map<String, String> scrapes = new LinkedHashMap<>();

    @BeforeAll
    static void runTheDemo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        DemoCommand demo = new DemoCommand(new CliContext(new ClusterLocator(Environment.of(Map.of()), home), Clock.systemUTC()),
                StageRegistry.bundled()).observedBy(new DemoObserver() {
                    @Override
                    public void archivesStarted(SyntheticArchives archives) {
                        // One 503 from the cut-out service: retried, and counted as an external error.
                        archives.dss().misbehave(Misbehaviour.SERVICE_UNAVAILABLE, 1);
                    }

                    @Override
                    public void runFinished(LocalCluster cluster) {
                        // Workers of one step (the two extract workers) share a consumer group: one scrape per step.
                        cluster.httpPorts().forEach((service, port) -> scrapes.merge(service.replaceAll("\\.\\d+$", ""),
                                scrape(port), (a, b) -> a + "\n" + b));
                    }
                });
        CommandLine cli = new CommandLine(demo);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        exitCode = cli.execute("--tiles", Integer.toString(TILES), "--seed", Long.toString(SEED), "--size-arcmin",
                Double.toString(SIZE), "--timeout", "PT5M");
        output = out + "\n" + err;
    }

    private static String scrape(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("scrape of port " + port + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyTileReachesAFinalStateAndTheTablesArePrinted() {
        assertThat(exitCode).as(output).isZero();
        assertThat(output).contains("Funnel of", "final candidates", "Injection-recovery over 2 tile(s)", "recovery.json")
                .contains("run profile reference").containsPattern("recovered \\(eligible\\)\\s+\\d+\\s+\\d+");
    }

    @Test
    void theRecoveryFiguresComeFromTheTruth() throws Exception {
        Path runs = home.resolve(".vasco/runs");
        List<Path> files;
        try (Stream<Path> s = Files.walk(runs)) {
            files = s.filter(p -> p.getFileName().toString().equals("recovery.json")).toList();
        }
        assertThat(files).as(output).hasSize(1);
        JsonNode r = new ObjectMapper().readTree(files.get(0).toFile());
        assertThat(r.get("tiles").asInt()).isEqualTo(TILES);

        // The vanishing sources of the same cut-outs, rendered here: the report covers exactly them.
        PlateCatalogue plates = PlateCatalogue.bundled();
        List<PlanTile> tiles = new TileSelection(plates, TessellationPlan.generate(plates)).ofPlate("XE309", TILES);
        Set<String> truth = new HashSet<>();
        for (PlanTile t : tiles) {
            new DemoTile(t.tileId().value(), t.raDeg(), t.decDeg(), SIZE).render(SyntheticSky.withSeed(SEED))
                    .truth(TruthKind.VANISHING).forEach(v -> truth.add(t.tileId().value() + "/" + v.id()));
        }
        Set<String> reported = new HashSet<>();
        int eligible = 0;
        int recovered = 0;
        for (JsonNode s : r.get("sources")) {
            reported.add(s.get("tileId").asText() + "/" + s.get("id").asText());
            boolean isEligible = s.get("eligible").asBoolean();
            eligible += isEligible ? 1 : 0;
            recovered += isEligible && s.get("recovered").asBoolean() ? 1 : 0;
            assertThat(isEligible).as(s.toString()).isEqualTo(s.get("ineligibleBecause").asText().isEmpty());
            assertThat(isEligible).as(s + ": bright sources are eligible unless another rule says otherwise")
                    .isEqualTo(s.get("expectedSnr").asDouble() > InjectionRecovery.ELIGIBLE_SNR
                            || !s.get("ineligibleBecause").asText().contains("SNR_WIN"));
            if (s.get("recovered").asBoolean()) {
                assertThat(s.get("candidate").asText()).startsWith(s.get("tileId").asText() + ":");
            } else {
                assertThat(s.get("removedBy").asText()).as(s.toString()).isNotBlank();
            }
        }
        assertThat(truth).isNotEmpty();
        assertThat(reported).isEqualTo(truth);
        assertThat(r.get("injected").asInt()).isEqualTo(truth.size());
        assertThat(r.get("eligible").asInt()).isEqualTo(eligible);
        assertThat(r.get("recovered").asInt()).isEqualTo(recovered);
        assertThat(eligible).as("the default sky injects bright vanishing sources").isPositive();
        assertThat(r.get("profile").asText()).isEqualTo("reference");
        assertThat(r.get("false").asInt()).isEqualTo(r.get("false_candidates").size());
        for (JsonNode f : r.get("false_candidates")) {
            assertThat(f.get("trueKind").asText()).isIn("star", "galaxy", "artefact", "asteroid", "unknown");
        }
        // every profile judged on the same measured data: the run's own figures under the old keys, each profile's
        // under profiles; the corrected profile, which judges against the tile's own stars, finds some of them
        JsonNode profiles = r.get("profiles");
        assertThat(profiles.get("reference").get("recovered").asInt()).isEqualTo(recovered);
        assertThat(profiles.get("reference").get("false").asInt()).isEqualTo(r.get("false").asInt());
        int correctedRecovered = 0;
        for (JsonNode s : r.get("sources")) {
            assertThat(s.get("profiles").get("reference").get("recovered").asBoolean()).isEqualTo(s.get("recovered").asBoolean());
            correctedRecovered += s.get("eligible").asBoolean() && s.get("profiles").get("corrected").get("recovered").asBoolean()
                    ? 1 : 0;
        }
        assertThat(profiles.get("corrected").get("recovered").asInt()).isEqualTo(correctedRecovered);
        assertThat(correctedRecovered).as("the corrected profile finds some of them: " + r.toPrettyString()).isPositive();
        for (String profile : List.of("reference", "corrected")) {
            int byKind = 0;
            for (JsonNode n : profiles.get(profile).get("false_by_kind")) {
                byKind += n.asInt();
            }
            assertThat(byKind).as("false candidates of %s by kind", profile).isEqualTo(profiles.get(profile).get("false").asInt());
        }
    }

    @Test
    void theRunsBundleIsBesideRecoveryJsonAndReportAndCandidatesReadItWithoutACluster() throws Exception {
        List<Path> bundles;
        try (Stream<Path> s = Files.list(home.resolve(".vasco/runs"))) {
            bundles = s.toList();
        }
        assertThat(bundles).as(output).hasSize(1);
        Path bundle = bundles.get(0);
        String run = bundle.getFileName().toString();
        assertThat(output).contains("Run bundle (report.html, candidates, funnel, tile coverage, provenance) in " + bundle);
        String manifest = Files.readString(RunFile.CHECKSUMS.in(bundle));
        for (RunFile file : RunFile.values()) {
            if (file != RunFile.CHECKSUMS) {
                assertThat(manifest).as("SHA256SUMS lists %s", file).contains("  " + file.fileName() + "\n");
            }
        }
        JsonNode provenance = new ObjectMapper().readTree(RunFile.PROVENANCE.in(bundle).toFile());
        assertThat(provenance.get("run").get("profile").asText()).as("provenance: the run's science profile").isEqualTo("reference");
        JsonNode catalogues = provenance.get("catalogues");
        List<String> fetchedFrom = new ArrayList<>();
        catalogues.forEach(c -> fetchedFrom.add(c.get("catalog").asText() + " " + c.get("fetched_from")));
        assertThat(fetchedFrom).as("provenance: where each catalogue's neighbourhoods came from").contains(
                "gaia [\"VizieR\"]", "ps1 [\"VizieR\"]", "usnob [\"VizieR\"]");
        assertThat(Files.readString(RunFile.REPORT.in(bundle))).contains("<section id=\"recovery\">", "<h3>false candidates</h3>", "<h3>sources</h3>",
                "<table id=\"recovery-profiles\">", "<tr><th>reference</th>", "<tr><th>corrected</th>");

        // The demo's cluster is gone: the vasco command finds the run's bundle under .vasco/runs/ by itself.
        CliContext noCluster = new CliContext(new ClusterLocator(Environment.of(Map.of()), home), Clock.systemUTC());
        StringWriter report = new StringWriter();
        CommandLine cli = VascoCommand.commandLine(noCluster, StageRegistry.bundled());
        cli.setOut(new PrintWriter(report, true));
        assertThat(cli.execute("report", "--run", run)).as(report.toString()).isZero();
        assertThat(report.toString()).startsWith("Run " + run + " (FINALISED, profile reference): " + TILES + " tiles")
                .contains("Checks of the ")
                .isEqualTo(Files.readString(RunFile.FUNNEL_TEXT.in(bundle)));

        StringWriter csv = new StringWriter();
        cli = VascoCommand.commandLine(noCluster, StageRegistry.bundled());
        cli.setOut(new PrintWriter(csv, true));
        assertThat(cli.execute("candidates", "--run", run, "--format", "csv")).isZero();
        assertThat(csv.toString()).startsWith("src_id,tile_id,plate_id,object_number,ra,dec,plate_epoch,duplicate_of,merged_ids")
                .isEqualTo(Files.readString(RunFile.FINAL_CSV.in(bundle)));
    }

    /** Meters a worker creates when it handles its first task. */
    static final Set<String> PER_TASK_METERS = Set.of("vasco_step_completed_total", "vasco_step_duration_seconds", "vasco_claims_total");

    @Test
    void everyMetricOfTheMetricsDocIsScrapedFromTheServicesThatEmitIt() throws IOException {
        assertThat(scrapes).as(output).containsKeys("coordinator", "worker.download", "worker.extract",
                "worker.xmatch", "worker.measure", "worker.veto");
        List<MetricsDoc.Row> rows = MetricsDoc.read(MetricsDoc.location());
        assertThat(rows).hasSizeGreaterThan(10);
        List<String> missing = new ArrayList<>();
        Set<String> everywhere = new HashSet<>();
        scrapes.values().forEach(scrape -> everywhere.addAll(names(scrape)));
        for (MetricsDoc.Row row : rows) {
            if (row.anyService() && !everywhere.contains(row.prometheusName())) {
                missing.add(row.prometheusName() + " in any service");
            }
            for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
                // The measure worker serves only runs of mode fast; in a run that queues it no task, the meters
                // created on a worker's first task cannot be there yet.
                boolean idleMeasureWorker = scrape.getKey().equals("worker.measure")
                        && !names(scrape.getValue()).contains("vasco_step_completed_total");
                if (idleMeasureWorker && PER_TASK_METERS.contains(row.prometheusName())) {
                    continue;
                }
                if (row.emittedBy(scrape.getKey()) && !names(scrape.getValue()).contains(row.prometheusName())) {
                    missing.add(row.prometheusName() + " in " + scrape.getKey());
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theDetectionAndCacheCountersAddUp() {
        // the extract step counts the objects of its last pass: pass 2 (full) or the position pass (fast, the default)
        double pass2 = sum(scrapes.get("worker.extract"), "vasco_detections_total", "stage=\"pass2\"")
                + sum(scrapes.get("worker.extract"), "vasco_detections_total", "stage=\"positions\"");
        assertThat(pass2).as(output).isPositive();
        assertThat(sum(scrapes.get("worker.xmatch"), "vasco_detections_total", "stage=\"xmatch_in\"")).isEqualTo(pass2);
        // The veto step takes the cross-match's veto survivors through the late filters and the spike cut; what the
        // spike cut leaves are the candidates of the post stages.
        double vetoSurvivors = sum(scrapes.get("worker.xmatch"), "vasco_detections_total", "stage=\"veto_usnob\"");
        double late = sum(scrapes.get("worker.veto"), "vasco_detections_total", "stage=\"late_filters\"");
        double survivors = sum(scrapes.get("worker.veto"), "vasco_detections_total", "stage=\"survivors\"");
        assertThat(late).isPositive().isLessThanOrEqualTo(vetoSurvivors);
        assertThat(survivors).isLessThanOrEqualTo(late)
                .isEqualTo(sum(scrapes.get("worker.veto"), "vasco_detections_total", "stage=\"candidates\""));
        // Each tile's cross-match looks up Gaia, PS1 and USNO-B once (and the PS1 bright stars when something survives).
        assertThat(sum(scrapes.get("worker.xmatch"), "vasco_catalog_cache_total", "")).isGreaterThanOrEqualTo(3.0 * TILES);
    }

    /** The sum of a metric's samples whose label set contains {@code label}. */
    private static double sum(String scrape, String metric, String label) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            if (m.group(1).contains(label)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static Set<String> names(String scrape) {
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
            // A timer's or histogram's samples carry suffixes; the doc names the family.
            names.add(m.group(1).replaceFirst("_(bucket|count|sum|max)$", ""));
        }
        return names;
    }
}
