package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment a container of a rendered manifest gets from the manifest: its {@code envFrom} ConfigMaps and
 * Secrets, then its {@code env}. Secrets that the operator creates outside the build (deploy/k8s/secret-template.yaml)
 * contribute the template's keys with the template's values; {@code fieldRef}s resolve against {@code podName}.
 * Those values are not the manifest's own: {@link #unresolved()} names them.
 *
 * @param values     every variable with its value
 * @param unresolved the variables whose values come from outside the manifests (operator's Secrets, the pod)
 */
record ContainerEnvironment(Map<String, String> values, Set<String> unresolved) {

    static ContainerEnvironment of(JsonNode container, List<JsonNode> docs, String podName, String where) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> unresolved = new HashSet<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.at("/configMapRef/name").asText();
                JsonNode cm = DeployFiles.named(docs, "ConfigMap", name).orElseThrow(() -> new AssertionError(where + ": no ConfigMap " + name));
                cm.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            } else if (from.has("secretRef")) {
                String name = from.at("/secretRef/name").asText();
                Optional<JsonNode> secret = DeployFiles.named(docs, "Secret", name);
                if (secret.isPresent()) {
                    secret.get().path("data").fields().forEachRemaining(e -> env.put(e.getKey(), decode(e.getValue())));
                } else {
                    // Created by the operator from the template, outside the build: its keys count, its values are the template's.
                    JsonNode template = template(name, where);
                    template.path("stringData").fields().forEachRemaining(e -> {
                        env.put(e.getKey(), e.getValue().asText());
                        unresolved.add(e.getKey());
                    });
                }
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.path("value").asText());
                unresolved.remove(name);
                continue;
            }
            JsonNode field = e.at("/valueFrom/fieldRef/fieldPath");
            JsonNode ref = e.at("/valueFrom/secretKeyRef");
            if (!field.isMissingNode()) {
                assertThat(field.asText()).as(where + ": " + name + " from a field of the pod").isEqualTo("metadata.name");
                env.put(name, podName);
                unresolved.add(name);
            } else if (!ref.isMissingNode()) {
                String secretName = ref.path("name").asText();
                String key = ref.path("key").asText();
                Optional<JsonNode> secret = DeployFiles.named(docs, "Secret", secretName);
                JsonNode keys = secret.isPresent() ? secret.get().path("data") : template(secretName, where).path("stringData");
                assertThat(keys.has(key)).as(where + ": Secret " + secretName + " has key " + key).isTrue();
                env.put(name, secret.isPresent() ? decode(keys.get(key)) : keys.get(key).asText());
                if (secret.isEmpty()) {
                    unresolved.add(name);
                }
            } else {
                throw new AssertionError(where + ": " + name + " has neither a value nor a known valueFrom: " + e);
            }
        }
        return new ContainerEnvironment(env, unresolved);
    }

    /** The values the manifests themselves give (without the operator's Secrets and the pod's fields). */
    Map<String, String> known() {
        Map<String, String> known = new LinkedHashMap<>(values);
        known.keySet().removeAll(unresolved);
        return known;
    }

    private static JsonNode template(String name, String where) throws IOException {
        return DeployFiles.named(DeployFiles.yamlDocuments(DeployFiles.deploy().resolve("k8s/secret-template.yaml")), "Secret", name)
                .orElseThrow(() -> new AssertionError(where + ": Secret " + name + " is neither built nor in deploy/k8s/secret-template.yaml"));
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }
}
