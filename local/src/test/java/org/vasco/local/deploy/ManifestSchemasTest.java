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
 * Every object an operator can apply parses strictly against its schema (Kubernetes' own kinds through the fabric8
 * model, KEDA's and the Prometheus Operator's through their published JSON schemas): both overlays, and the prod
 * overlay with either autoscaling component. What kubectl would refuse (an unknown or misspelt field, a wrong type)
 * fails here, without a cluster.
 */
class ManifestSchemasTest {

    private final ManifestSchemas schemas = new ManifestSchemas();

    @Test
    void everyRenderedObjectOfEveryOverlayAndComponentParsesStrictly() throws Exception {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        Map<String, List<JsonNode>> renderings = DeployFiles.renderings(kubectl.get());
        assertThat(renderings).containsKeys("overlay dev", "overlay prod", DeployFiles.PROD_WITH_HPA);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<JsonNode>> rendering : renderings.entrySet()) {
            for (JsonNode doc : rendering.getValue()) {
                for (String p : schemas.problems(doc)) {
                    problems.add(rendering.getKey() + ": " + doc.path("kind").asText() + " " + doc.at("/metadata/name").asText() + ": " + p);
                }
                checked++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(100);
        // Each custom resource kind is among them, so each schema was used.
        List<String> kinds = renderings.values().stream().flatMap(List::stream).map(d -> d.path("kind").asText()).toList();
        assertThat(kinds).contains("ScaledObject", "TriggerAuthentication", "PodMonitor", "PrometheusRule", "HorizontalPodAutoscaler",
                "NetworkPolicy", "ResourceQuota", "PriorityClass");
    }

    @Test
    void anUnknownFieldAWrongTypeOrAnUnknownKindIsRefused() throws Exception {
        JsonNode deployment = DeployFiles.yamlDocuments("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          enviroment: [{name: A, value: b}]
                """).get(0);
        assertThat(schemas.problems(deployment)).singleElement().asString().contains("enviroment");
        JsonNode wrongType = DeployFiles.yamlDocuments("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replicas: many}
                """).get(0);
        assertThat(schemas.problems(wrongType)).singleElement().asString().contains("replicas");
        JsonNode badQuantity = DeployFiles.yamlDocuments("""
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: x}
                spec: {hard: {requests.cpu: "lots"}}
                """).get(0);
        assertThat(schemas.problems(badQuantity)).isNotEmpty();
        JsonNode scaledObject = DeployFiles.yamlDocuments("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: x}
                spec:
                  scaleTargetRef: {name: x}
                  maxReplicas: 3
                  triggers: [{type: postgresql, metadata: {query: "SELECT 1"}}]
                """).get(0);
        assertThat(schemas.problems(scaledObject)).singleElement().asString().contains("maxReplicas");
        JsonNode rule = DeployFiles.yamlDocuments("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: x}
                spec: {groups: [{name: g, rules: [{alert: A, expr: up, for: 5m, labels: {severity: page}, anotations: {}}]}]}
                """).get(0);
        assertThat(schemas.problems(rule)).singleElement().asString().contains("anotations");
        JsonNode unknownKind = DeployFiles.yamlDocuments("""
                apiVersion: example.org/v1
                kind: Gadget
                metadata: {name: x}
                """).get(0);
        assertThat(schemas.problems(unknownKind)).singleElement().asString().contains("no schema");
    }
}
