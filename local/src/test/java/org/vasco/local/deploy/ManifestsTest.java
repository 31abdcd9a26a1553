package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.task.Step;
import org.vasco.coordinator.CoordinatorMain;
import org.vasco.coordinator.backlog.StepBacklog;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.CommandFactory;
import org.vasco.local.SettingsCatalogue;
import org.vasco.local.SettingsCatalogue.Service;
import picocli.CommandLine;

/**
 * The Kubernetes manifests against the code: every file parses, every overlay builds, every {@code VASCO_…}
 * variable is a setting of the service that gets it and every cluster coordinate is provided, values parse,
 * ports, probes, grace periods, security and autoscalers agree with the settings. The base is checked from its
 * files; the overlays as {@code kubectl kustomize} builds them (skipped, saying so, where kubectl is absent).
 */
class ManifestsTest {

    private static final Pattern SETTING_NAME = Pattern.compile("(?<![A-Za-z0-9_])VASCO_[A-Z0-9_]+");

    @Test
    void everyYamlFileUnderDeployParses() throws IOException {
        List<Path> files = DeployFiles.files(DeployFiles.deploy(), ".yaml", ".yml");
        assertThat(files).hasSizeGreaterThan(15);
        for (Path file : files) {
            List<JsonNode> docs = DeployFiles.yamlDocuments(file);
            assertThat(docs).as(file + " has content").isNotEmpty();
            if (file.startsWith(DeployFiles.deploy().resolve("k8s"))) {
                for (JsonNode doc : docs) {
                    assertThat(doc.path("apiVersion").asText()).as(file + ": apiVersion").isNotBlank();
                    assertThat(doc.path("kind").asText()).as(file + ": kind").isNotBlank();
                    if (!Set.of("Kustomization", "Component").contains(doc.path("kind").asText())) {
                        assertThat(doc.at("/metadata/name").asText()).as(file + ": metadata.name").isNotBlank();
                    }
                }
            }
        }
    }

    @Test
    void everySettingNamedAnywhereInDeployOrTheOperationsGuideExists() throws IOException {
        Set<String> known = new TreeSet<>();
        for (Service s : Service.values()) {
            known.addAll(SettingsCatalogue.of(s).keySet());
        }
        List<Path> files = new ArrayList<>(DeployFiles.files(DeployFiles.deploy(), ""));
        files.add(DeployFiles.root().resolve("docs/operations.md"));
        for (Path file : files) {
            Matcher m = SETTING_NAME.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                assertThat(known).as(file + " names " + m.group() + ", which no service has").contains(m.group());
            }
        }
    }

    @Test
    void baseAndComponentsAgreeWithTheCode() throws IOException {
        List<JsonNode> docs = new ArrayList<>(DeployFiles.baseResources());
        for (String component : List.of("keda", "hpa", "prometheus-operator")) {
            Path dir = DeployFiles.deploy().resolve("k8s/components").resolve(component);
            for (JsonNode r : DeployFiles.yamlDocuments(dir.resolve("kustomization.yaml")).get(0).get("resources")) {
                docs.addAll(DeployFiles.yamlDocuments(dir.resolve(r.asText())));
            }
        }
        checkAgainstCode("base", docs);
        List<JsonNode> withExamples = new ArrayList<>(docs);
        for (Path example : DeployFiles.files(DeployFiles.deploy().resolve("k8s/examples"), ".yaml")) {
            withExamples.addAll(DeployFiles.yamlDocuments(example));
        }
        checkAgainstCode("base with examples", withExamples);
        // The base asks for shared storage: every service mounts it, on any node.
        JsonNode pvc = DeployFiles.named(docs, "PersistentVolumeClaim", "vasco-data").orElseThrow();
        assertThat(pvc.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteMany");
        assertThat(DeployFiles.ofKind(docs, "ScaledObject")).hasSize(5);
        assertThat(DeployFiles.ofKind(docs, "HorizontalPodAutoscaler")).hasSize(5);
        // The two autoscaling components are alternatives: the same workers, ceilings and targets.
        for (JsonNode so : DeployFiles.ofKind(docs, "ScaledObject")) {
            String target = so.at("/spec/scaleTargetRef/name").asText();
            JsonNode hpa = DeployFiles.named(docs, "HorizontalPodAutoscaler", target)
                    .orElseThrow(() -> new AssertionError("components/hpa has no HPA for " + target));
            assertThat(hpa.at("/spec/maxReplicas").asInt()).as(target + ": the same ceiling in both components")
                    .isEqualTo(so.at("/spec/maxReplicaCount").asInt());
            assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(so.at("/spec/minReplicaCount").asInt());
            assertThat(hpa.at("/spec/metrics/0/external/target/averageValue").asText()).as(target + ": the same target")
                    .isEqualTo(so.at("/spec/triggers/0/metadata/targetQueryValue").asText());
        }
    }

    @Test
    void everyOverlayBuildsAndAgreesWithTheCode() throws IOException, InterruptedException {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        List<JsonNode> base = DeployFiles.kustomize(kubectl.get(), DeployFiles.deploy().resolve("k8s/base"));
        assertThat(DeployFiles.ofKind(base, "Deployment")).hasSize(Service.values().length + 1); // and worker-measure
        Map<String, List<JsonNode>> renderings = DeployFiles.renderings(kubectl.get());
        assertThat(renderings).containsKeys("overlay dev", "overlay prod", DeployFiles.PROD_WITH_HPA);
        renderings.forEach(ManifestsTest::checkAgainstCodeUnchecked);
        // Swapping the components leaves no KEDA object behind (the HPA alternative works without KEDA installed).
        assertThat(renderings.get(DeployFiles.PROD_WITH_HPA)).extracting(d -> d.path("apiVersion").asText())
                .noneMatch(v -> v.startsWith("keda.sh/"));
        assertThat(DeployFiles.ofKind(renderings.get(DeployFiles.PROD_WITH_HPA), "HorizontalPodAutoscaler")).hasSize(5);
        assertThat(DeployFiles.ofKind(renderings.get("overlay prod"), "ScaledObject")).hasSize(5);
        assertThat(DeployFiles.ofKind(renderings.get("overlay prod"), "HorizontalPodAutoscaler")).isEmpty();
    }

    private static void checkAgainstCodeUnchecked(String label, List<JsonNode> docs) {
        try {
            checkAgainstCode(label, docs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The fast path's measure worker: the extract image with the argument {@code measure}. */
    static final String MEASURE_DEPLOYMENT = "worker-" + Step.MEASURE.label();

    /** The checks every set of resources (base files, a built overlay) must pass. */
    private static void checkAgainstCode(String label, List<JsonNode> docs) throws IOException {
        Map<String, JsonNode> deployments = new LinkedHashMap<>();
        for (JsonNode d : DeployFiles.ofKind(docs, "Deployment")) {
            if (serviceOf(d).isPresent()) {
                deployments.put(d.at("/metadata/name").asText(), d);
            }
        }
        List<String> expected = new java.util.ArrayList<>(List.of(Service.values()).stream().map(Service::deployName).toList());
        expected.add(MEASURE_DEPLOYMENT);
        assertThat(deployments.keySet()).as(label + ": one Deployment per service, and the measure worker on the extract image")
                .containsExactlyInAnyOrderElementsOf(expected);
        JsonNode measure = deployments.get(MEASURE_DEPLOYMENT);
        assertThat(serviceOf(measure)).as(label + ": " + MEASURE_DEPLOYMENT + " runs the extract image").contains(Service.EXTRACT);
        assertThat(measure.at("/spec/template/spec/containers/0/args").toString())
                .as(label + ": " + MEASURE_DEPLOYMENT + " starts the extract image's main on the measure step (ExtractWorker.main)")
                .isEqualTo("[\"" + Step.MEASURE.label() + "\"]");
        Integer partitions = null;
        for (JsonNode workload : concat(DeployFiles.ofKind(docs, "Deployment"), DeployFiles.ofKind(docs, "Job"))) {
            Optional<Service> service = serviceOf(workload);
            if (service.isEmpty()) {
                continue; // the dev overlay's Kafka and PostgreSQL
            }
            String where = label + ": " + workload.path("kind").asText() + " " + workload.at("/metadata/name").asText();
            JsonNode container = workload.at("/spec/template/spec/containers/0");
            ContainerEnvironment environment = ContainerEnvironment.of(container, docs, workload.at("/metadata/name").asText(), where);
            Map<String, String> env = environment.values();
            if ("Deployment".equals(workload.path("kind").asText())) {
                checkWaitsForTheJobs(where, workload, container);
            }
            Map<String, Setting<?>> settings = SettingsCatalogue.of(service.get());
            for (String name : env.keySet()) {
                if (name.startsWith("VASCO_")) {
                    assertThat(settings).as(where + " sets " + name + ", which " + service.get().deployName() + " does not read")
                            .containsKey(name);
                }
            }
            for (Setting<?> coordinate : SettingsCatalogue.CLUSTER_COORDINATES) {
                assertThat(env).as(where + " must set " + coordinate.name()).containsKey(coordinate.name());
            }
            Map<String, String> known = new HashMap<>();
            environment.known().forEach((k, v) -> {
                if (k.startsWith("VASCO_")) {
                    known.put(k, v);
                }
            });
            Environment values = Environment.of(known);
            for (String name : known.keySet()) {
                values.find(settings.get(name)); // throws ConfigurationException naming the variable when a value does not parse
            }
            partitions = values.get(ClusterSettings.TOPIC_PARTITIONS);
            assertThat(workload.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).as(where + " runs as non-root").isTrue();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(where + " read-only root").isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(where + " no privilege escalation").isFalse();
            for (JsonNode mount : container.path("volumeMounts")) {
                if (!mount.path("readOnly").asBoolean()) {
                    assertThat(mount.path("mountPath").asText()).as(where + ": writable mounts are the data volume and tmp only")
                            .isIn(values.get(ClusterSettings.DATA).toString(), "/tmp");
                }
            }
            assertThat(container.at("/resources/requests/cpu").isMissingNode()).as(where + " requests CPU").isFalse();
            assertThat(container.at("/resources/limits/memory").isMissingNode()).as(where + " limits memory").isFalse();
            if (workload.path("kind").asText().equals("Job")) {
                checkJobCommand(where, container);
            } else {
                checkService(where, workload, container, values, docs);
            }
        }
        assertThat(partitions).as(label + ": VASCO_TOPIC_PARTITIONS").isNotNull();
        for (JsonNode so : DeployFiles.ofKind(docs, "ScaledObject")) {
            String target = so.at("/spec/scaleTargetRef/name").asText();
            String where = label + ": ScaledObject " + so.at("/metadata/name").asText();
            assertThat(deployments).as(where + " targets a Deployment").containsKey(target);
            Step step = Step.fromLabel(target.substring("worker-".length()));
            assertThat(so.at("/spec/triggers")).as(where + ": one trigger").hasSize(1);
            JsonNode trigger = so.at("/spec/triggers/0");
            // The backlog from the database, never Kafka consumer lag (NaN while partitions are paused, absent for
            // share groups); so no Kafka trigger, which would also need its protocol version set.
            assertThat(trigger.path("type").asText()).as(where).isEqualTo("postgresql");
            assertThat(trigger.at("/metadata/query").asText()).as(where + ": the coordinator's backlog query, verbatim")
                    .isEqualTo(StepBacklog.scalerQuery(step));
            assertThat(Double.parseDouble(trigger.at("/metadata/targetQueryValue").asText())).as(where).isPositive();
            String auth = trigger.at("/authenticationRef/name").asText();
            assertThat(DeployFiles.named(docs, "TriggerAuthentication", auth)).as(where + ": its TriggerAuthentication is deployed with it")
                    .isPresent();
            assertThat(so.at("/spec/maxReplicaCount").asInt()).as(where + ": no more replicas than partitions").isBetween(1, partitions);
        }
        for (JsonNode hpa : DeployFiles.ofKind(docs, "HorizontalPodAutoscaler")) {
            String target = hpa.at("/spec/scaleTargetRef/name").asText();
            String where = label + ": HPA " + hpa.at("/metadata/name").asText();
            assertThat(deployments).as(where + " targets a Deployment").containsKey(target);
            assertThat(hpa.at("/spec/metrics")).as(where + ": one metric").hasSize(1);
            JsonNode external = hpa.at("/spec/metrics/0/external");
            assertThat(external.at("/metric/name").asText()).as(where + ": the coordinator's backlog gauge")
                    .isEqualTo(MetricNames.STEP_BACKLOG.replace('.', '_'));
            assertThat(external.at("/metric/selector/matchLabels/step").asText()).as(where + ": its own step's series")
                    .isEqualTo(target.substring("worker-".length()));
            assertThat(external.at("/target/type").asText()).isEqualTo("AverageValue");
            assertThat(hpa.at("/spec/maxReplicas").asInt()).as(where + ": no more replicas than partitions").isBetween(1, partitions);
        }
    }

    private static void checkService(String where, JsonNode deployment, JsonNode container, Environment values, List<JsonNode> docs) {
        String name = deployment.at("/metadata/name").asText();
        if (serviceOf(deployment).orElseThrow() == Service.COORDINATOR) {
            // The image's entry point is the CLI: without the subcommand it prints its usage and exits 0 (the pod
            // restarts for ever). ContainerCommandsTest runs it; this is the check that needs no kubectl.
            assertThat(checkJobCommand(where, container).getCommandName()).as(where + ": runs the coordinator service")
                    .isEqualTo("coordinator");
        }
        assertThat(container.path("name").asText()).as(where + " container name").isEqualTo(name);
        JsonNode port = null;
        for (JsonNode p : container.path("ports")) {
            if ("http".equals(p.path("name").asText())) {
                port = p;
            }
        }
        assertThat(port).as(where + " has a port named http").isNotNull();
        int http = values.get(ClusterSettings.HTTP_PORT);
        assertThat(port.path("containerPort").asInt()).as(where + ": containerPort is VASCO_HTTP_PORT").isEqualTo(http);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.isMissingNode()).as(where + " has an HTTP " + probe).isFalse();
            assertThat(get.path("port").asText()).as(where + " " + probe + " port").isIn("http", Integer.toString(http));
            assertThat(get.path("path").asText()).as(where + " " + probe + " path").isEqualTo(
                    probe.equals("readinessProbe") ? ServicesScrapeTest.READY : ServicesScrapeTest.LIVE);
        }
        JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
        assertThat(annotations.path("prometheus.io/port").asText()).as(where + " scrape port").isEqualTo(Integer.toString(http));
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(ServicesScrapeTest.METRICS);
        Duration grace = values.get(ClusterSettings.SHUTDOWN_GRACE);
        assertThat(deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong())
                .as(where + ": Kubernetes waits longer than VASCO_SHUTDOWN_GRACE lets a step finish").isGreaterThan(grace.toSeconds());
        if (name.equals(Service.EXTRACT.deployName())) {
            double cores = cores(container.at("/resources/requests/cpu").asText());
            assertThat((double) values.get(ClusterSettings.CONCURRENCY)).as(where + ": one tile per requested core").isLessThanOrEqualTo(cores);
        }
        assertThat(DeployFiles.ofKind(docs, "PodDisruptionBudget").stream()
                .filter(p -> name.equals(p.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())))
                .as(where + " has a PodDisruptionBudget").hasSize(1);
        Optional<JsonNode> svc = DeployFiles.named(docs, "Service", name);
        assertThat(svc).as(where + " has a Service").isPresent();
        assertThat(svc.get().at("/spec/ports/0/targetPort").asText()).isIn("http", Integer.toString(http));
        JsonNode data = deployment.at("/spec/template/spec/volumes");
        boolean dataVolume = false;
        for (JsonNode v : data) {
            dataVolume |= "vasco-data".equals(v.at("/persistentVolumeClaim/claimName").asText());
        }
        assertThat(dataVolume).as(where + " mounts the vasco-data claim").isTrue();
    }

    /** A Job runs a real command of the coordinator image's main: known subcommands, valid options. */
    /**
     * A service starts only after the migration and topic Jobs have done their work: its init container runs the
     * coordinator image's {@code vasco db wait} with the same settings and certificates as the service.
     */
    private static void checkWaitsForTheJobs(String where, JsonNode deployment, JsonNode container) {
        JsonNode init = deployment.at("/spec/template/spec/initContainers/0");
        assertThat(init.isMissingNode()).as(where + " has an init container waiting for the Jobs").isFalse();
        assertThat(init.path("image").asText()).as(where + " init container image").matches("(.*/)?vasco/coordinator(:[^/]+)?");
        List<String> args = new ArrayList<>();
        init.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).as(where + " init container command").containsExactly("db", "wait");
        checkJobCommand(where + " init container", init);
        assertThat(init.path("envFrom")).as(where + ": the init container reads the service's settings").isEqualTo(container.path("envFrom"));
        Set<String> initMounts = new HashSet<>();
        init.path("volumeMounts").forEach(m -> initMounts.add(m.path("mountPath").asText()));
        container.path("volumeMounts").forEach(m -> {
            String path = m.path("mountPath").asText();
            if (path.startsWith("/etc/vasco/")) {
                assertThat(initMounts).as(where + ": the init container mounts the service's " + path).contains(path);
            }
        });
        assertThat(init.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(where + " init container root fs").isTrue();
    }

    /** Parses the container's args as a command of the coordinator image; returns the command it runs. */
    private static CommandLine checkJobCommand(String where, JsonNode container) {
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        CommandLine cli = new CommandLine(new CoordinatorMain(), new CommandFactory(CliContext.fromProcess()));
        List<CommandLine> parsed;
        try {
            parsed = cli.parseArgs(args.toArray(String[]::new)).asCommandLineList();
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(where + ": vasco " + String.join(" ", args) + " is not a valid command: " + e.getMessage(), e);
        }
        assertThat(parsed.get(parsed.size() - 1).getSubcommands()).as(where + ": vasco " + String.join(" ", args) + " runs a command")
                .isEmpty();
        return parsed.get(parsed.size() - 1);
    }

    private static double cores(String cpu) {
        return cpu.endsWith("m") ? Double.parseDouble(cpu.substring(0, cpu.length() - 1)) / 1000 : Double.parseDouble(cpu);
    }

    /** The service whose image the workload's first container runs (vasco/<name>[:tag], any registry). */
    static Optional<Service> serviceOf(JsonNode workload) {
        String image = workload.at("/spec/template/spec/containers/0/image").asText();
        Matcher m = Pattern.compile("(?:^|/)vasco/([a-z-]+)(?::.*)?$").matcher(image);
        if (!m.find()) {
            return Optional.empty();
        }
        for (Service s : Service.values()) {
            if (s.deployName().equals(m.group(1))) {
                return Optional.of(s);
            }
        }
        throw new AssertionError("Image " + image + " is not one of the services " + List.of(Service.values()));
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
    }
}
