package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reading the files under {@code deploy/}: the repository root, YAML documents, and {@code kubectl kustomize}. */
public final class DeployFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployFiles() {
    }

    /** The repository root: the nearest parent of the working directory (Maven runs tests in the module) with deploy/k8s. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/k8s")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No deploy/k8s above " + Path.of("").toAbsolutePath());
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    /** Every non-empty YAML document of the file, in order. */
    static List<JsonNode> yamlDocuments(Path file) throws IOException {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return nonEmpty(docs.readAll());
        }
    }

    static List<JsonNode> yamlDocuments(String text) throws IOException {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
            return nonEmpty(docs.readAll());
        }
    }

    private static List<JsonNode> nonEmpty(List<JsonNode> docs) {
        return docs.stream().filter(d -> d != null && !d.isNull() && !d.isMissingNode() && !d.isEmpty()).toList();
    }

    /** Files below {@code dir} whose names end with one of {@code suffixes}, sorted. */
    static List<Path> files(Path dir, String... suffixes) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s))).sorted().toList();
        }
    }

    /** The base's resources, read straight from the files its kustomization lists (no kubectl needed). */
    static List<JsonNode> baseResources() throws IOException {
        Path base = deploy().resolve("k8s/base");
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode resource : yamlDocuments(base.resolve("kustomization.yaml")).get(0).get("resources")) {
            docs.addAll(yamlDocuments(base.resolve(resource.asText())));
        }
        return docs;
    }

    /** kubectl on the PATH, when installed (some machines' images lack it). */
    static Optional<Path> kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The resources {@code kubectl kustomize <dir>} builds (offline: it only reads the files). */
    static List<JsonNode> kustomize(Path kubectl, Path dir) throws IOException, InterruptedException {
        return kustomize(kubectl, dir, List.of());
    }

    private static List<JsonNode> kustomize(Path kubectl, Path dir, List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "kustomize"));
        command.addAll(options);
        command.add(dir.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out;
        String err;
        try (InputStream stdout = p.getInputStream(); InputStream stderr = p.getErrorStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize " + dir + " finished").isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize " + dir + ": " + err).isZero();
        return yamlDocuments(out);
    }

    /** The label of the prod overlay built with components/hpa in place of components/keda. */
    static final String PROD_WITH_HPA = "prod with components/hpa";

    private static Map<String, List<JsonNode>> renderings;

    /**
     * What an operator can apply, built once per test JVM: each overlay as it is, and the prod overlay with the HPA
     * component in place of KEDA's (the swap docs/operations.md describes). Keyed by a label for messages.
     */
    static synchronized Map<String, List<JsonNode>> renderings(Path kubectl) throws IOException, InterruptedException {
        if (renderings == null) {
            Map<String, List<JsonNode>> built = new LinkedHashMap<>();
            try (Stream<Path> overlays = Files.list(deploy().resolve("k8s/overlays"))) {
                for (Path overlay : overlays.filter(Files::isDirectory).sorted().toList()) {
                    built.put("overlay " + overlay.getFileName(), kustomize(kubectl, overlay));
                }
            }
            built.put(PROD_WITH_HPA, variant(kubectl, deploy().resolve("k8s/overlays/prod"), k -> {
                ArrayNode components = (ArrayNode) k.get("components");
                for (int i = 0; i < components.size(); i++) {
                    if (components.get(i).asText().endsWith("components/keda")) {
                        components.set(i, TextNode.valueOf("../../components/hpa"));
                    }
                }
            }));
            renderings = java.util.Collections.unmodifiableMap(built);
        }
        return renderings;
    }

    /**
     * The overlay with its kustomization edited by {@code edit} (e.g. another component, another image tag), built
     * from a copy in a temporary directory whose paths point back at the repository.
     */
    static List<JsonNode> variant(Path kubectl, Path overlay, Consumer<ObjectNode> edit) throws IOException, InterruptedException {
        ObjectNode k = (ObjectNode) yamlDocuments(overlay.resolve("kustomization.yaml")).get(0);
        edit.accept(k);
        Path dir = Files.createTempDirectory("vasco-kustomize-variant");
        for (String list : List.of("resources", "components")) {
            pointBack(dir, overlay, (ArrayNode) k.get(list));
        }
        for (JsonNode patch : k.path("patches")) {
            if (patch.has("path")) {
                ((ObjectNode) patch).put("path", dir.relativize(overlay.resolve(patch.get("path").asText()).normalize()).toString());
            }
        }
        for (String generators : List.of("configMapGenerator", "secretGenerator")) {
            for (JsonNode generator : k.path(generators)) {
                pointBack(dir, overlay, (ArrayNode) generator.get("files"));
            }
        }
        try {
            Files.writeString(dir.resolve("kustomization.yaml"), YAML.writeValueAsString(k), StandardCharsets.UTF_8);
            // The copy reads the overlay's files from outside its own directory, which kustomize refuses by default.
            return kustomize(kubectl, dir, List.of("--load-restrictor", "LoadRestrictionsNone"));
        } finally {
            Files.deleteIfExists(dir.resolve("kustomization.yaml"));
            Files.deleteIfExists(dir);
        }
    }

    /** Rewrites the overlay's relative paths to reach the same files from {@code copy} (kustomize wants relative roots). */
    private static void pointBack(Path copy, Path overlay, ArrayNode paths) {
        if (paths == null) {
            return;
        }
        for (int i = 0; i < paths.size(); i++) {
            String entry = paths.get(i).asText();
            int rename = entry.indexOf('=');
            String key = rename < 0 ? "" : entry.substring(0, rename + 1);
            paths.set(i, TextNode.valueOf(key + copy.relativize(overlay.resolve(entry.substring(rename + 1)).normalize())));
        }
    }

    /** The objects that run pods: Deployments, StatefulSets and Jobs. */
    static List<JsonNode> workloads(List<JsonNode> docs) {
        return docs.stream().filter(d -> List.of("Deployment", "StatefulSet", "Job").contains(d.path("kind").asText())).toList();
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static Optional<JsonNode> named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst();
    }
}
