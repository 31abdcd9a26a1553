package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the kubelet and the admission controller would object to, checked on every rendering: pods meet the
 * "restricted" Pod Security Standard their namespaces enforce (Kafka, PostgreSQL, Prometheus and Grafana of the dev
 * overlay included), volumes are not re-chowned at every start, and stateful containers keep their data below the
 * volume root (an ext4 volume's root holds lost+found). The storage class of the shared volume is the prod overlay's
 * to choose.
 */
class PodSecurityTest {

    @Test
    void everyPodMeetsTheRestrictedStandardOfItsNamespace() throws Exception {
        for (Map.Entry<String, List<JsonNode>> rendering : renderings().entrySet()) {
            List<JsonNode> namespaces = DeployFiles.ofKind(rendering.getValue(), "Namespace");
            assertThat(namespaces).as(rendering.getKey() + " creates its namespace").hasSize(1);
            assertThat(namespaces.get(0).at("/metadata/labels").path("pod-security.kubernetes.io/enforce").asText())
                    .as(rendering.getKey() + ": the namespace enforces the restricted standard").isEqualTo("restricted");
            int pods = 0;
            for (JsonNode workload : DeployFiles.workloads(rendering.getValue())) {
                String where = rendering.getKey() + ": " + workload.path("kind").asText() + " " + workload.at("/metadata/name").asText();
                JsonNode pod = workload.at("/spec/template/spec");
                JsonNode podSecurity = pod.path("securityContext");
                assertThat(podSecurity.at("/seccompProfile/type").asText()).as(where + " seccomp").isEqualTo("RuntimeDefault");
                assertThat(pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean())
                        .as(where + " host namespaces").isFalse();
                pod.path("volumes").forEach(v -> assertThat(v.has("hostPath")).as(where + " hostPath volume").isFalse());
                if (podSecurity.has("fsGroup")) {
                    assertThat(podSecurity.path("fsGroupChangePolicy").asText()).as(where + ": the volume is chowned only when its"
                            + " root is not the pod's group already, not at every start").isEqualTo("OnRootMismatch");
                }
                List<JsonNode> containers = new ArrayList<>();
                pod.path("initContainers").forEach(containers::add);
                pod.path("containers").forEach(containers::add);
                for (JsonNode c : containers) {
                    String in = where + ", container " + c.path("name").asText();
                    JsonNode sc = c.path("securityContext");
                    assertThat(podSecurity.path("runAsNonRoot").asBoolean() || sc.path("runAsNonRoot").asBoolean()).as(in + " runs as non-root").isTrue();
                    assertThat(sc.path("runAsUser").asLong(podSecurity.path("runAsUser").asLong(-1))).as(in + " runAsUser").isNotZero();
                    assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(in + " privilege escalation").isFalse();
                    assertThat(sc.path("privileged").asBoolean()).as(in + " privileged").isFalse();
                    assertThat(sc.at("/capabilities/drop").toString()).as(in + " drops all capabilities").contains("\"ALL\"");
                    assertThat(sc.at("/capabilities/add").isMissingNode()).as(in + " adds no capability").isTrue();
                }
                pods++;
            }
            assertThat(pods).isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void statefulContainersKeepTheirDataBelowTheVolumeRootAndKafkaGetsNoServiceLinks() throws Exception {
        List<JsonNode> dev = renderings().get("overlay dev");
        JsonNode kafka = DeployFiles.named(dev, "StatefulSet", "kafka").orElseThrow();
        JsonNode pod = kafka.at("/spec/template/spec");
        // A Service named kafka injects KAFKA_PORT=tcp://... and the image reads every KAFKA_* variable as a setting.
        assertThat(pod.path("enableServiceLinks").asBoolean(true)).as("kafka: enableServiceLinks").isFalse();
        JsonNode broker = pod.at("/containers/0");
        String logDirs = env(broker, "KAFKA_LOG_DIRS").orElseThrow();
        assertThat(strictlyBelowAMount(broker, logDirs)).as("kafka: KAFKA_LOG_DIRS " + logDirs + " is a directory below its volume's root")
                .isTrue();
        JsonNode postgres = DeployFiles.named(dev, "StatefulSet", "postgres").orElseThrow().at("/spec/template/spec/containers/0");
        // Unset, PGDATA is the image's /var/lib/postgresql/<major>/docker (PostgreSQL 18 images).
        String pgdata = env(postgres, "PGDATA").orElse("/var/lib/postgresql/18/docker");
        assertThat(strictlyBelowAMount(postgres, pgdata)).as("postgres: PGDATA " + pgdata + " below its volume's root").isTrue();
    }

    @Test
    void theSharedVolumeIsReadWriteManyOnTheStorageClassTheProdOverlayNames() throws Exception {
        JsonNode base = DeployFiles.named(DeployFiles.baseResources(), "PersistentVolumeClaim", "vasco-data").orElseThrow();
        assertThat(base.at("/spec/storageClassName").isMissingNode()).as("the base leaves the class to the overlay").isTrue();
        for (String prod : List.of("overlay prod", DeployFiles.PROD_WITH_HPA)) {
            JsonNode pvc = DeployFiles.named(renderings().get(prod), "PersistentVolumeClaim", "vasco-data").orElseThrow();
            assertThat(pvc.at("/spec/accessModes/0").asText()).as(prod).isEqualTo("ReadWriteMany");
            assertThat(pvc.at("/spec/storageClassName").asText()).as(prod + ": an RWX storage class, not the cluster's default").isNotBlank();
        }
    }

    private static boolean strictlyBelowAMount(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            String root = mount.path("mountPath").asText().replaceAll("/+$", "");
            if (path.startsWith(root + "/") && path.length() > root.length() + 1) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return Optional.of(e.path("value").asText());
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<JsonNode>> renderings() throws Exception {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        return DeployFiles.renderings(kubectl.get());
    }
}
