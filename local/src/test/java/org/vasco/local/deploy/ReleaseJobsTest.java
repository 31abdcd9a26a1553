package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The migration and topic Jobs can be applied again with a new image: a Job's pod template is immutable, so each
 * Job's name ends with the release it runs ({@code -v<tag>}, written by each overlay's replacements from the tag it
 * deploys), and a new tag makes new Jobs instead of a refused update of the old ones.
 */
class ReleaseJobsTest {

    /** A DNS-1123 subdomain, what Kubernetes accepts as a Job's name (and at most 63 characters: the job-name label). */
    private static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    @Test
    void everyJobIsNamedAfterTheTagItRuns() throws Exception {
        for (Map.Entry<String, List<JsonNode>> rendering : renderings().entrySet()) {
            List<JsonNode> jobs = DeployFiles.ofKind(rendering.getValue(), "Job");
            assertThat(jobs).as(rendering.getKey()).hasSize(2);
            for (JsonNode job : jobs) {
                String name = job.at("/metadata/name").asText();
                String tag = ContainerImages.tag(job.at("/spec/template/spec/containers/0/image").asText()).orElseThrow();
                assertThat(name).as(rendering.getKey() + ": Job " + name)
                        .isEqualTo(job.at("/metadata/labels").path("app.kubernetes.io/name").asText() + "-v" + tag)
                        .matches(DNS_SUBDOMAIN).hasSizeLessThanOrEqualTo(63);
            }
        }
    }

    @Test
    void aNewTagInAnOverlayMakesNewJobs() throws Exception {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        for (String overlay : List.of("dev", "prod")) {
            Set<String> before = jobNames(renderings().get("overlay " + overlay));
            List<JsonNode> upgraded = DeployFiles.variant(kubectl.get(), DeployFiles.deploy().resolve("k8s/overlays").resolve(overlay), k -> {
                ArrayNode images = k.has("images") ? (ArrayNode) k.get("images") : k.putArray("images");
                ObjectNode coordinator = null;
                for (JsonNode i : images) {
                    if (i.path("name").asText().equals("vasco/coordinator")) {
                        coordinator = (ObjectNode) i;
                    }
                }
                if (coordinator == null) {
                    coordinator = images.addObject().put("name", "vasco/coordinator");
                }
                coordinator.put("newTag", "2.3.4");
            });
            Set<String> after = jobNames(upgraded);
            assertThat(after).as(overlay + " with the coordinator image at 2.3.4")
                    .containsExactlyInAnyOrder("vasco-db-migrate-v2.3.4", "vasco-topics-create-v2.3.4");
            assertThat(after).as(overlay + ": no Job of the new release has an old Job's name").doesNotContainAnyElementsOf(before);
        }
    }

    private static Set<String> jobNames(List<JsonNode> docs) {
        Set<String> names = new TreeSet<>();
        DeployFiles.ofKind(docs, "Job").forEach(j -> names.add(j.at("/metadata/name").asText()));
        return names;
    }

    private static Map<String, List<JsonNode>> renderings() throws Exception {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        return DeployFiles.renderings(kubectl.get());
    }
}
