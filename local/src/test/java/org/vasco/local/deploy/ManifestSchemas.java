package org.vasco.local.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The schemas a rendered manifest must satisfy, as strictly as {@code kubectl apply}'s server-side field validation:
 * the built-in kinds are read into the fabric8 Kubernetes model and refused when any field is unknown to it (the
 * model keeps unknown fields aside instead of failing, so they are looked for) or of the wrong type; the custom
 * resources of KEDA and the Prometheus Operator are validated against their published JSON schemas (test resources
 * under schemas/, see the README there). A kind with no schema here is refused too: add it when deploy/ uses one.
 */
final class ManifestSchemas {

    private static final ObjectMapper MODEL = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    /** Built-in kinds by apiVersion/kind. */
    private static final Map<String, Class<?>> BUILT_IN = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("v1/ResourceQuota", ResourceQuota.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("scheduling.k8s.io/v1/PriorityClass", PriorityClass.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class));

    /** Custom resources by apiVersion/kind: their schema files under schemas/. */
    private static final Map<String, String> CUSTOM = Map.of(
            "keda.sh/v1alpha1/ScaledObject", "keda.sh_scaledobject_v1alpha1.json",
            "keda.sh/v1alpha1/TriggerAuthentication", "keda.sh_triggerauthentication_v1alpha1.json",
            "monitoring.coreos.com/v1/PodMonitor", "monitoring.coreos.com_podmonitor_v1.json",
            "monitoring.coreos.com/v1/PrometheusRule", "monitoring.coreos.com_prometheusrule_v1.json");

    /**
     * Draft 4, as the catalogue writes them, plus the Kubernetes extensions the CRD schemas carry: they describe how
     * the API server merges lists and int-or-string values, nothing a single object can violate.
     */
    private static final Dialect KUBERNETES_DRAFT_4 = Dialect.builder(Dialects.getDraft4())
            .keyword(new NonValidationKeyword("x-kubernetes-list-type"))
            .keyword(new NonValidationKeyword("x-kubernetes-list-map-keys"))
            .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
            .keyword(new NonValidationKeyword("x-kubernetes-map-type"))
            .keyword(new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
            .keyword(new NonValidationKeyword("x-kubernetes-validations"))
            .build();

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(KUBERNETES_DRAFT_4);
    private final Map<String, Schema> schemas = new HashMap<>();

    /** What is wrong with {@code doc}; empty when it satisfies its kind's schema. */
    List<String> problems(JsonNode doc) {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        List<String> problems = new ArrayList<>();
        Class<?> model = BUILT_IN.get(type);
        if (model != null) {
            Object parsed;
            try {
                parsed = MODEL.treeToValue(doc, model);
            } catch (IOException | IllegalArgumentException e) {
                return List.of(type + ": " + e.getMessage());
            }
            unknownFields(parsed, "", problems);
            return problems;
        }
        String file = CUSTOM.get(type);
        if (file == null) {
            return List.of(type + ": no schema for this kind (ManifestSchemas knows " + BUILT_IN.keySet() + " and "
                    + CUSTOM.keySet() + ")");
        }
        for (Error e : schemas.computeIfAbsent(file, this::load).validate(doc)) {
            problems.add(type + " " + e.getInstanceLocation() + ": " + e.getMessage());
        }
        return problems;
    }

    private Schema load(String file) {
        try (InputStream in = ManifestSchemas.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Test resource schemas/" + file + " is missing");
            }
            return registry.getSchema(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fields the model did not know: fabric8's types collect them in {@code additionalProperties} rather than failing.
     * Walks the parsed object through its getters; a getter that throws (a malformed quantity) is a problem too.
     */
    private static void unknownFields(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (InvocationTargetException e) {
                problems.add(path + "." + getter.getName() + ": " + e.getCause());
                continue;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add((path.isEmpty() ? "." : path) + ": unknown field(s) " + extra.keySet());
                }
            } else {
                String name = getter.getName().substring(3);
                unknownFields(field, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems);
            }
        }
    }
}
