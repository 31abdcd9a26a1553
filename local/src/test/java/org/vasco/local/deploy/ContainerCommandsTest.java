package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.JdbcConnection;
import org.vasco.local.TestJvm;
import org.vasco.local.fault.RunDatabase;
import org.vasco.testkit.services.SharedServices;

/**
 * The kubelet-less check: every container of every Deployment and Job of both overlays is started the way its pod
 * would start it, and must do what it is there for. The command line is the image's own entry point, as the build
 * defines it (Jib's JVM flags and main class, or the Dockerfile's ENTRYPOINT; {@link ContainerImages}), followed by
 * the container's {@code args}; the environment is the image's ENV overlaid by the manifest's ({@code envFrom},
 * {@code env}, {@code JAVA_TOOL_OPTIONS} included, with the memory limit handed to the JVM as the container runtime's
 * cgroup would). The classes are this build's (the test JVM's class path, one for every child); the one JVM option
 * added is {@link #QUICK_START}.
 *
 * <p>Only where things are differs, as it must without a cluster: the Kafka and PostgreSQL coordinates (and Kafka's
 * TLS/SASL settings) point at the test's embedded broker and a database of the check's own on the test's PostgreSQL,
 * topics get one replica (the test broker is one node), the data volume's mount path is a scratch directory, the HTTP
 * port a free one, and workers use a consumer group of their own that reads only what is published from now on (as
 * every test on the shared broker does).
 *
 * <p>Jobs and init containers must exit 0 (the migration and topic Jobs first, as the init containers wait for
 * them); services must come up, answer {@code /health/ready} with 200, and still be running and ready once all of
 * them are. Containers of other images (the dev overlay's Kafka, PostgreSQL, Prometheus, Grafana) are not ours to run.
 * This is the check that catches a Deployment that starts the wrong thing, e.g. the coordinator without its
 * {@code coordinator} argument, which printed its usage and exited 0.
 */
class ContainerCommandsTest {

    private static final Duration JOB_LIMIT = Duration.ofMinutes(2);
    /**
     * The one option the test adds to a container's command line: the JIT stops at its first tier. It changes how
     * eagerly code is compiled, nothing the program does, and roughly halves the CPU a child burns while it starts,
     * which is all these children do.
     */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";
    /** VASCO_DATA of the containers that do not mount the data volume (Jobs, init containers). */
    private static final String UNMOUNTED = "data-volume-not-mounted";
    private static final Duration READY_LIMIT = Duration.ofMinutes(3);
    /** Kafka security settings of the manifests, meaningless against the plaintext test broker. */
    private static final Set<String> KAFKA_SECURITY = Set.of(ClusterSettings.KAFKA_SASL_MECHANISM.name(),
            ClusterSettings.KAFKA_SASL_JAAS_CONFIG.name(), ClusterSettings.KAFKA_SSL_TRUSTSTORE_LOCATION.name(),
            ClusterSettings.KAFKA_SSL_TRUSTSTORE_PASSWORD.name());

    /** One container of a rendered workload, with what the test runs for it. */
    private record Container(String where, List<String> command, Map<String, String> environment, boolean service) {
    }

    @Test
    void everyContainerOfBothOverlaysRunsWhatItIsThereFor() throws Exception {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        Map<String, ContainerImages.Entrypoint> images = ContainerImages.all();
        Map<String, List<JsonNode>> renderings = DeployFiles.renderings(kubectl.get());
        // The two overlays side by side (each on a database of its own): most of the time is waiting on JVM start-up.
        ExecutorService overlays = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (String overlay : List.of("overlay dev", "overlay prod")) {
                checks.add(overlays.submit(() -> {
                    check(overlay, renderings.get(overlay), images);
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                try {
                    check.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError failure) {
                        throw failure;
                    }
                    throw e;
                }
            }
        } finally {
            overlays.shutdownNow();
        }
    }

    private static void check(String overlay, List<JsonNode> docs, Map<String, ContainerImages.Entrypoint> images) throws Exception {
        SharedServices shared = SharedServices.get();
        RunDatabase database = RunDatabase.create("k8s" + overlay.replace("overlay ", ""));
        Path scratch = shared.newDirectory("kubelet-less-" + overlay.replace(' ', '-'));
        String group = "kubelet-less-" + UUID.randomUUID();
        List<Container> jobs = new ArrayList<>();
        Map<List<String>, Container> inits = new LinkedHashMap<>(); // identical init containers run once
        List<Container> services = new ArrayList<>();
        for (JsonNode workload : docs) {
            String kind = workload.path("kind").asText();
            if (!kind.equals("Deployment") && !kind.equals("Job")) {
                continue;
            }
            String name = workload.at("/metadata/name").asText();
            JsonNode pod = workload.at("/spec/template/spec");
            for (JsonNode init : pod.path("initContainers")) {
                containerOf(overlay, docs, kind, name, init, images, database.connection(2), scratch, group, false)
                        .ifPresent(c -> inits.putIfAbsent(commandLineOf(c), c));
            }
            for (JsonNode container : pod.path("containers")) {
                containerOf(overlay, docs, kind, name, container, images, database.connection(2), scratch, group,
                        kind.equals("Deployment"))
                        .ifPresent(c -> (c.service() ? services : jobs).add(c));
            }
        }
        assertThat(jobs).as(overlay + ": the migration and topic Jobs").hasSize(2);
        assertThat(services).as(overlay + ": the coordinator and the five workers").hasSize(6);
        assertThat(inits).as(overlay + ": the services' init container").isNotEmpty();
        List<ContainerProcess> running = new ArrayList<>();
        try {
            // Like the kubelet, start the init containers with the Jobs: they wait until the Jobs have done their work.
            List<Container> oneOff = new ArrayList<>(jobs);
            oneOff.addAll(inits.values());
            runToCompletion(oneOff, scratch, running);
            assertThat(scratch.resolve(UNMOUNTED)).as(overlay + ": the Jobs and init containers, which have no data volume,"
                    + " never touch VASCO_DATA").doesNotExist();
            List<ContainerProcess> started = new ArrayList<>();
            for (Container c : services) {
                ContainerProcess p = ContainerProcess.start(c.where(), c.command(), c.environment(), scratch,
                        Integer.parseInt(c.environment().get(ClusterSettings.HTTP_PORT.name())));
                running.add(p);
                started.add(p);
            }
            for (ContainerProcess p : started) {
                awaitReady(p);
            }
            // Up together, and still up once the last one is: no service fell over after answering once.
            for (ContainerProcess p : started) {
                assertThat(p.isAlive()).as(p.name() + " still running:\n" + p.logTail()).isTrue();
                assertThat(p.readiness()).as(p.name() + " still ready:\n" + p.logTail()).isEqualTo(200);
            }
        } finally {
            for (ContainerProcess p : running) {
                p.close();
            }
            database.drop();
        }
    }

    private static void runToCompletion(List<Container> containers, Path scratch, List<ContainerProcess> running) throws Exception {
        List<ContainerProcess> started = new ArrayList<>();
        for (Container c : containers) {
            ContainerProcess p = ContainerProcess.start(c.where(), c.command(), c.environment(), scratch, -1);
            running.add(p);
            started.add(p);
        }
        for (ContainerProcess p : started) {
            int status = p.awaitExit(JOB_LIMIT);
            assertThat(status).as(p.name() + " exits 0:\n" + p.logTail()).isZero();
        }
    }

    private static void awaitReady(ContainerProcess p) {
        try {
            await().atMost(READY_LIMIT).pollInterval(Duration.ofMillis(500)).until(() -> !p.isAlive() || p.readiness() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(p.name() + " did not answer " + ServicesScrapeTest.READY + " with 200 within " + READY_LIMIT
                    + ":\n" + p.logTail(), e);
        }
        assertThat(p.isAlive()).as(p.name() + " is a service: it must keep running, but it exited before it was ready:\n"
                + p.logTail()).isTrue();
    }

    /** The container as the test runs it, or empty when its image is not one of ours. */
    private static Optional<Container> containerOf(String overlay, List<JsonNode> docs, String kind, String workload, JsonNode container,
                                                   Map<String, ContainerImages.Entrypoint> images, JdbcConnection database,
                                                   Path scratch, String group, boolean service) throws IOException {
        String where = overlay + ": " + kind + " " + workload + ", container " + container.path("name").asText();
        Optional<String> image = ContainerImages.imageName(container.path("image").asText());
        if (image.isEmpty()) {
            return Optional.empty();
        }
        ContainerImages.Entrypoint entry = images.get(image.get());
        assertThat(entry).as(where + ": image " + image.get() + " is built by Jib or the Dockerfile").isNotNull();
        assertThat(container.has("command")).as(where + ": runs its image's entry point (no command)").isFalse();
        List<String> command = new ArrayList<>();
        command.add(TestJvm.java());
        command.add(QUICK_START);
        command.addAll(entry.jvmOptions());
        command.add("-cp");
        command.add(TestJvm.classPath());
        command.add(entry.mainClass());
        container.path("args").forEach(a -> command.add(a.asText()));

        Map<String, String> env = new LinkedHashMap<>(entry.environment());
        env.putAll(ContainerEnvironment.of(container, docs, workload + "-kubelet-less", where).values());
        // The container runtime limits the JVM's memory and CPUs through its cgroup; a child process here has none.
        String limit = container.at("/resources/limits/memory").asText();
        String cpus = container.at("/resources/limits/cpu").asText();
        env.put("JAVA_TOOL_OPTIONS", (env.getOrDefault("JAVA_TOOL_OPTIONS", "")
                + " -XX:MaxRAM=" + Quantity.getAmountInBytes(new Quantity(limit)).longValueExact()
                + " -XX:ActiveProcessorCount=" + Math.max(1, (int) Math.ceil(Quantity.getAmountInBytes(new Quantity(cpus)).doubleValue())))
                .trim());
        // Where things are: the test's broker and database, a scratch data directory, a free port.
        SharedServices shared = SharedServices.get();
        env.put(ClusterSettings.KAFKA_BOOTSTRAP.name(), shared.kafka().bootstrap());
        env.put(ClusterSettings.KAFKA_SECURITY_PROTOCOL.name(), "PLAINTEXT");
        env.keySet().removeAll(KAFKA_SECURITY);
        env.put(ClusterSettings.JDBC_URL.name(), database.url());
        env.put(ClusterSettings.JDBC_USER.name(), database.user());
        env.put(ClusterSettings.JDBC_PASSWORD.name(), database.password());
        env.put(ClusterSettings.TOPIC_REPLICATION.name(), "1");
        String dataPath = env.getOrDefault(ClusterSettings.DATA.name(), "/data");
        boolean mounted = mountPaths(container).contains(dataPath);
        assertThat(mounted || !service).as(where + ": a service mounts the data volume at VASCO_DATA " + dataPath).isTrue();
        // A container without the volume must not use it: it gets a directory that the test checks stays absent.
        env.put(ClusterSettings.DATA.name(), scratch.resolve(mounted ? "data" : UNMOUNTED).toString());
        env.put(ClusterSettings.HTTP_PORT.name(), Integer.toString(freePort()));
        env.put(FrameworkSettings.CONSUMER_GROUP.name(), group + "-" + workload);
        env.put(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "latest");
        return Optional.of(new Container(where, command, env, service));
    }

    private static List<String> mountPaths(JsonNode container) {
        List<String> paths = new ArrayList<>();
        container.path("volumeMounts").forEach(m -> paths.add(m.path("mountPath").asText()));
        return paths;
    }

    /** The command line without the per-container free port: identical init containers are run once. */
    private static List<String> commandLineOf(Container c) {
        List<String> key = new ArrayList<>(c.command());
        Map<String, String> env = new LinkedHashMap<>(c.environment());
        env.remove(ClusterSettings.HTTP_PORT.name());
        env.remove(FrameworkSettings.CONSUMER_GROUP.name());
        key.add(env.toString());
        return key;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
