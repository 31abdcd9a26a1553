package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vasco.local.deploy.NetworkFlows.Endpoint;

/**
 * The NetworkPolicies of both overlays, evaluated on their own pods ({@link NetworkFlows}): by default nothing is
 * allowed, and exactly the flows the services need are: the services to Kafka and PostgreSQL, Prometheus to their
 * metrics, Grafana to Prometheus and PostgreSQL, the workers that call remote archives (and the coordinator, for the
 * review page's modern-epoch images) to the internet, name lookups
 * for everyone; and not, e.g., the extract worker to the internet or Kafka to PostgreSQL.
 */
class NetworkPoliciesTest {

    private static final Endpoint DNS = Endpoint.foreignPod("coredns", "kube-system", Map.of("k8s-app", "kube-dns"), "10.96.0.10");
    private static final Endpoint INTERNET = Endpoint.address("archive.stsci.edu", "130.167.165.10");
    private static final Endpoint API_SERVER = Endpoint.address("kubernetes API server", "10.96.0.1");
    private static final List<String> VASCO = List.of("coordinator", "worker-download", "worker-extract", "worker-measure",
            "worker-xmatch", "worker-veto");

    @Test
    void theDevOverlayAllowsTheFlowsItNeedsAndNoOthers() throws Exception {
        List<JsonNode> dev = renderings().get("overlay dev");
        NetworkFlows flows = new NetworkFlows("vasco-dev", dev);
        Endpoint kafka = pod(dev, "vasco-dev", "StatefulSet", "kafka");
        Endpoint postgres = pod(dev, "vasco-dev", "StatefulSet", "postgres");
        Endpoint prometheus = pod(dev, "vasco-dev", "Deployment", "prometheus");
        Endpoint grafana = pod(dev, "vasco-dev", "Deployment", "grafana");
        for (JsonNode workload : DeployFiles.workloads(dev)) {
            if (!"vasco".equals(workload.at("/spec/template/metadata/labels").path("app.kubernetes.io/part-of").asText())) {
                continue;
            }
            Endpoint p = Endpoint.pod(workload, "vasco-dev");
            assertThat(flows.allows(p, kafka, 9092, "TCP")).as(p.name() + " -> kafka").isTrue();
            assertThat(flows.allows(p, postgres, 5432, "TCP")).as(p.name() + " -> postgres").isTrue();
            assertThat(flows.allows(p, DNS, 53, "UDP")).as(p.name() + " -> DNS").isTrue();
            // the coordinator: the review page's modern-epoch cut-outs from STScI
            boolean remote = List.of("coordinator", "worker-download", "worker-xmatch", "worker-veto").contains(p.name());
            assertThat(flows.allows(p, INTERNET, 443, "TCP")).as(p.name() + " -> the remote archives").isEqualTo(remote);
            if (workload.path("kind").asText().equals("Deployment")) {
                assertThat(flows.allows(prometheus, p, 8080, "TCP")).as("prometheus -> " + p.name() + " /metrics").isTrue();
                assertThat(flows.allows(grafana, p, 8080, "TCP")).as("grafana -> " + p.name()).isFalse();
            }
        }
        assertThat(flows.allows(prometheus, API_SERVER, 443, "TCP")).as("prometheus -> API server (pod discovery)").isTrue();
        assertThat(flows.allows(grafana, prometheus, 9090, "TCP")).as("grafana -> prometheus").isTrue();
        assertThat(flows.allows(grafana, postgres, 5432, "TCP")).as("grafana -> postgres").isTrue();
        assertThat(flows.allows(kafka, postgres, 5432, "TCP")).as("kafka -> postgres").isFalse();
        assertThat(flows.allows(grafana, kafka, 9092, "TCP")).as("grafana -> kafka").isFalse();
        assertThat(flows.allows(postgres, INTERNET, 443, "TCP")).as("postgres -> internet").isFalse();
        assertThat(flows.allows(pod(dev, "vasco-dev", "Deployment", "coordinator"), pod(dev, "vasco-dev", "Deployment", "worker-extract"),
                8080, "TCP")).as("coordinator -> worker-extract").isFalse();
    }

    @Test
    void theProdOverlayReachesItsKafkaDatabaseAndMonitoringOnly() throws Exception {
        for (String prod : List.of("overlay prod", DeployFiles.PROD_WITH_HPA)) {
            List<JsonNode> docs = renderings().get(prod);
            NetworkFlows flows = new NetworkFlows("vasco", docs);
            Endpoint kafka = Endpoint.foreignPod("vasco-kafka-0", "kafka", Map.of("strimzi.io/kind", "Kafka"), "10.244.3.4");
            Endpoint database = Endpoint.address("vasco-db.example.internal", "192.0.2.10");
            Endpoint prometheus = Endpoint.foreignPod("prometheus-0", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), "10.244.5.6");
            Endpoint ingress = Endpoint.foreignPod("ingress-nginx-controller", "ingress-nginx", Map.of(), "10.244.6.7");
            Endpoint stranger = Endpoint.foreignPod("someone", "default", Map.of(), "10.244.7.8");
            for (String name : VASCO) {
                Endpoint p = pod(docs, "vasco", "Deployment", name);
                assertThat(flows.allows(p, kafka, 9093, "TCP")).as(prod + ": " + name + " -> Kafka").isTrue();
                assertThat(flows.allows(p, database, 5432, "TCP")).as(prod + ": " + name + " -> database").isTrue();
                assertThat(flows.allows(prometheus, p, 8080, "TCP")).as(prod + ": monitoring -> " + name).isTrue();
                assertThat(flows.allows(stranger, p, 8080, "TCP")).as(prod + ": another namespace -> " + name).isFalse();
                assertThat(flows.allows(ingress, p, 8080, "TCP")).as(prod + ": ingress -> " + name).isEqualTo(name.equals("coordinator"));
            }
            for (JsonNode job : DeployFiles.ofKind(docs, "Job")) {
                Endpoint p = Endpoint.pod(job, "vasco");
                assertThat(flows.allows(p, kafka, 9093, "TCP") && flows.allows(p, database, 5432, "TCP")).as(prod + ": Job " + p.name()).isTrue();
            }
            assertThat(flows.allows(pod(docs, "vasco", "Deployment", "worker-extract"), INTERNET, 443, "TCP"))
                    .as(prod + ": extract -> internet").isFalse();
        }
    }

    @Test
    void theEvaluatorReadsSelectorsAndBlocksAsKubernetesDoes() {
        assertThat(NetworkFlows.inCidr("192.0.2.10", "192.0.2.10/32")).isTrue();
        assertThat(NetworkFlows.inCidr("192.0.2.11", "192.0.2.10/32")).isFalse();
        assertThat(NetworkFlows.inCidr("8.8.8.8", "0.0.0.0/0")).isTrue();
        assertThat(NetworkFlows.inCidr("10.1.2.3", "10.0.0.0/8")).isTrue();
        assertThat(NetworkFlows.inCidr("11.1.2.3", "10.0.0.0/8")).isFalse();
    }

    private static Endpoint pod(List<JsonNode> docs, String namespace, String kind, String name) {
        return Endpoint.pod(DeployFiles.named(docs, kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name)), namespace);
    }

    private static Map<String, List<JsonNode>> renderings() throws Exception {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        return DeployFiles.renderings(kubectl.get());
    }
}
