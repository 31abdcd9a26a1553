package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString()).redirectErrorStream(false).start();
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

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static Optional<JsonNode> named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst();
    }
}
