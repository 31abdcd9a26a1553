package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;

/**
 * What the overlays ask of a cluster, summed from the rendered manifests: the dev overlay fits the one node
 * docs/operations.md names; the prod overlay's ResourceQuota admits every Deployment at its autoscaler's ceiling
 * (with both autoscaling components); and the database connection table of docs/operations.md is the prod
 * overlay's, pool by pool, so the documented max_connections holds.
 */
class CapacityTest {

    /** The node docs/operations.md asks for: 4 CPUs, 8 GiB. */
    static final BigDecimal NODE_CPU = BigDecimal.valueOf(4);
    static final BigDecimal NODE_MEMORY = BigDecimal.valueOf(8L << 30);
    /**
     * What Kubernetes itself takes of that node on kind or minikube (control-plane and kube-system pods request
     * about 0.95 CPU and 0.3 GiB; the kubelet's eviction threshold and the OS want memory too): the overlay gets
     * the rest.
     */
    static final BigDecimal RESERVED_CPU = BigDecimal.ONE;
    static final BigDecimal RESERVED_MEMORY = BigDecimal.valueOf(2L << 30);

    /** A pod's resources as the scheduler counts them: the larger of its largest init container and its containers' sum. */
    record PodResources(BigDecimal cpuRequest, BigDecimal memoryRequest, BigDecimal memoryLimit) {

        static PodResources of(JsonNode workload) {
            JsonNode pod = workload.at("/spec/template/spec");
            return new PodResources(effective(pod, "/resources/requests/cpu"), effective(pod, "/resources/requests/memory"),
                    effective(pod, "/resources/limits/memory"));
        }

        private static BigDecimal effective(JsonNode pod, String field) {
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode c : pod.path("containers")) {
                sum = sum.add(amount(c, field));
            }
            BigDecimal init = BigDecimal.ZERO;
            for (JsonNode c : pod.path("initContainers")) {
                init = init.max(amount(c, field));
            }
            return sum.max(init);
        }

        private static BigDecimal amount(JsonNode container, String field) {
            JsonNode value = container.at(field);
            if (value.isMissingNode()) {
                throw new AssertionError("Container " + container.path("name").asText() + " has no " + field);
            }
            return Quantity.getAmountInBytes(new Quantity(value.asText()));
        }

        PodResources times(int pods) {
            BigDecimal n = BigDecimal.valueOf(pods);
            return new PodResources(cpuRequest.multiply(n), memoryRequest.multiply(n), memoryLimit.multiply(n));
        }

        PodResources plus(PodResources other) {
            return new PodResources(cpuRequest.add(other.cpuRequest), memoryRequest.add(other.memoryRequest),
                    memoryLimit.add(other.memoryLimit));
        }
    }

    @Test
    void theDevOverlayFitsTheNodeTheGuideNames() throws Exception {
        List<JsonNode> dev = renderings().get("overlay dev");
        PodResources total = new PodResources(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        for (JsonNode workload : DeployFiles.workloads(dev)) {
            // Everything at once: the Jobs run while the services' init containers wait for them.
            total = total.plus(PodResources.of(workload).times(workload.at("/spec/replicas").asInt(1)));
        }
        assertThat(total.cpuRequest()).as("CPU requested by the dev overlay").isLessThanOrEqualTo(NODE_CPU.subtract(RESERVED_CPU));
        assertThat(total.memoryRequest()).as("memory requested by the dev overlay").isLessThanOrEqualTo(NODE_MEMORY.subtract(RESERVED_MEMORY));
        assertThat(operationsGuide()).as("docs/operations.md states the node the dev overlay needs").contains("4 CPUs and 8 GiB");
    }

    @Test
    void theProdQuotaAdmitsEveryDeploymentAtItsAutoscalersCeiling() throws Exception {
        for (String prod : List.of("overlay prod", DeployFiles.PROD_WITH_HPA)) {
            List<JsonNode> docs = renderings().get(prod);
            PodResources total = new PodResources(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
            int pods = 0;
            for (JsonNode workload : DeployFiles.workloads(docs)) {
                int n = podsAtMost(workload, docs);
                total = total.plus(PodResources.of(workload).times(n));
                pods += n;
            }
            List<JsonNode> quotas = DeployFiles.ofKind(docs, "ResourceQuota");
            assertThat(quotas).as(prod + " has a ResourceQuota").hasSize(1);
            JsonNode hard = quotas.get(0).at("/spec/hard");
            assertThat(quantity(hard, "requests.cpu")).as(prod + ": requests.cpu at the ceilings").isGreaterThanOrEqualTo(total.cpuRequest());
            assertThat(quantity(hard, "requests.memory")).as(prod + ": requests.memory at the ceilings")
                    .isGreaterThanOrEqualTo(total.memoryRequest());
            assertThat(quantity(hard, "limits.memory")).as(prod + ": limits.memory at the ceilings").isGreaterThanOrEqualTo(total.memoryLimit());
            assertThat(quantity(hard, "pods").intValue()).as(prod + ": pods at the ceilings").isGreaterThanOrEqualTo(pods);
            // Every pod names a PriorityClass the overlay defines.
            for (JsonNode workload : DeployFiles.workloads(docs)) {
                String priority = workload.at("/spec/template/spec/priorityClassName").asText();
                assertThat(DeployFiles.named(docs, "PriorityClass", priority)).as(prod + ": " + workload.at("/metadata/name").asText()
                        + " has a PriorityClass of the overlay").isPresent();
            }
        }
    }

    @Test
    void theConnectionTableOfTheGuideIsTheProdOverlays() throws Exception {
        List<JsonNode> docs = renderings().get("overlay prod");
        String guide = operationsGuide();
        Map<String, int[]> rows = connectionTable(guide);
        assertThat(rows.keySet()).as("a row per Deployment and Job of the prod overlay, and the total")
                .containsExactlyInAnyOrderElementsOf(workloadNames(docs));
        int total = 0;
        for (JsonNode workload : DeployFiles.workloads(docs)) {
            String name = rowName(workload);
            int pods = podsAtMost(workload, docs);
            int pool = poolSize(workload, docs);
            assertThat(rows.get(name)).as(name + ": pods at most, VASCO_JDBC_POOL_SIZE, connections")
                    .containsExactly(pods, pool, pods * pool);
            total += pods * pool;
        }
        Matcher stated = Pattern.compile("\\| total \\| *\\| *\\| (\\d+) \\|").matcher(guide);
        assertThat(stated.find()).as("the table's total row").isTrue();
        assertThat(Integer.parseInt(stated.group(1))).isEqualTo(total);
        Matcher budget = Pattern.compile("`max_connections` of at least (\\d+)").matcher(guide);
        assertThat(budget.find()).as("docs/operations.md names the max_connections the database needs").isTrue();
        assertThat(Integer.parseInt(budget.group(1))).as("max_connections covers the table").isGreaterThan(total);
    }

    /** Pods of a workload at most: a Job's one; a Deployment's autoscaler ceiling, or its replicas plus a rollout's surge. */
    static int podsAtMost(JsonNode workload, List<JsonNode> docs) {
        if (workload.path("kind").asText().equals("Job")) {
            return workload.at("/spec/parallelism").asInt(1);
        }
        String name = workload.at("/metadata/name").asText();
        Optional<JsonNode> keda = DeployFiles.named(docs, "ScaledObject", name);
        Optional<JsonNode> hpa = DeployFiles.named(docs, "HorizontalPodAutoscaler", name);
        int replicas = keda.map(so -> so.at("/spec/maxReplicaCount").asInt())
                .or(() -> hpa.map(h -> h.at("/spec/maxReplicas").asInt()))
                .orElse(workload.at("/spec/replicas").asInt(1));
        JsonNode surge = workload.at("/spec/strategy/rollingUpdate/maxSurge");
        String value = surge.isMissingNode() ? "25%" : surge.asText();
        int extra = value.endsWith("%") ? (int) Math.ceil(replicas * Integer.parseInt(value.substring(0, value.length() - 1)) / 100.0)
                : Integer.parseInt(value);
        return replicas + extra;
    }

    private static int poolSize(JsonNode workload, List<JsonNode> docs) throws IOException {
        JsonNode container = workload.at("/spec/template/spec/containers/0");
        String value = ContainerEnvironment.of(container, docs, "pod", rowName(workload)).values()
                .get(ClusterSettings.JDBC_POOL_SIZE.name());
        return Integer.parseInt(value == null ? ClusterSettings.JDBC_POOL_SIZE.defaultValue() : value);
    }

    /** A Deployment by its name, a Job by its name without the release suffix. */
    private static String rowName(JsonNode workload) {
        return workload.path("kind").asText().equals("Job") ? workload.at("/metadata/labels").path("app.kubernetes.io/name").asText()
                : workload.at("/metadata/name").asText();
    }

    private static List<String> workloadNames(List<JsonNode> docs) {
        List<String> names = new ArrayList<>();
        DeployFiles.workloads(docs).forEach(w -> names.add(rowName(w)));
        return names;
    }

    /** The rows of the table whose header starts "| Deployment or Job |": name → pods, pool, connections. */
    private static Map<String, int[]> connectionTable(String guide) {
        Map<String, int[]> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : guide.split("\n")) {
            if (line.startsWith("| Deployment or Job |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            String name = cells[1].trim().replace("`", "");
            if (!name.equals("total")) {
                rows.put(name, new int[] {Integer.parseInt(cells[2].trim()), Integer.parseInt(cells[3].trim()),
                        Integer.parseInt(cells[4].trim())});
            }
        }
        return rows;
    }

    private static BigDecimal quantity(JsonNode hard, String key) {
        assertThat(hard.has(key)).as("the quota limits " + key).isTrue();
        return Quantity.getAmountInBytes(new Quantity(hard.path(key).asText()));
    }

    static String operationsGuide() throws IOException {
        return Files.readString(DeployFiles.root().resolve("docs/operations.md"), StandardCharsets.UTF_8);
    }

    private static Map<String, List<JsonNode>> renderings() throws Exception {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        return DeployFiles.renderings(kubectl.get());
    }
}
