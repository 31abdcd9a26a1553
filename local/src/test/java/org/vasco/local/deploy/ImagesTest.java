package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.coordinator.CoordinatorMain;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The container builds against the manifests: Jib (profile images of the root pom, enabled per module) and the
 * worker-extract Dockerfile produce exactly the images the Deployments run, with the main classes that exist,
 * the port the services listen on, the user they run as and the platforms they are built for. Jib itself cannot
 * run here (no registry). What the images' entry points then start is {@link ContainerCommandsTest}'s subject.
 */
class ImagesTest {

    @Test
    void imagesBuiltAreTheImagesDeployed() throws Exception {
        Path root = DeployFiles.root();
        Document pom = ContainerImages.xml(root.resolve("pom.xml"));
        Map<String, String> rootProps = ContainerImages.properties(pom);
        Element jib = ContainerImages.jibPluginOfImagesProfile(pom);
        assertThat(managedJibVersion(pom)).isEqualTo("${jib-maven-plugin.version}");
        assertThat(rootProps.get("jib-maven-plugin.version")).isEqualTo("3.5.2");
        assertThat(ContainerImages.text(jib, "from", "image")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(platforms(jib)).as("Jib builds for amd64 and arm64").containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
        assertThat(ContainerImages.text(jib, "to", "image")).isEqualTo("${vasco.image.registry}vasco/${vasco.image.name}:${vasco.image.tag}");
        // The tag ends the Jobs' names (deploy/k8s/base/jobs.yaml): the version, in lower case.
        String version = ContainerImages.text(pom.getDocumentElement(), "version");
        assertThat(rootProps.get("vasco.image.tag")).isEqualTo(version.toLowerCase(Locale.ROOT));
        assertThat(ContainerImages.text(jib, "container", "ports", "port")).isEqualTo(deployedHttpPort());
        assertThat(ContainerImages.text(jib, "container", "user")).isEqualTo("10001:10001");

        Map<String, ContainerImages.Entrypoint> images = ContainerImages.all();
        Map<String, String> mains = Map.of("vasco/coordinator", CoordinatorMain.class.getName(),
                "vasco/worker-download", "org.vasco.download.DownloadWorker", "vasco/worker-extract", "org.vasco.extract.ExtractWorker",
                "vasco/worker-xmatch", "org.vasco.xmatch.XmatchWorker", "vasco/worker-veto", "org.vasco.veto.VetoWorker");
        assertThat(images.keySet()).containsExactlyInAnyOrderElementsOf(mains.keySet());
        images.forEach((image, entry) -> {
            assertThat(entry.mainClass()).as(image + " main class").isEqualTo(mains.get(image));
            assertThat(hasMain(entry.mainClass())).as(entry.mainClass() + " has a main method").isTrue();
        });

        String dockerfile = Files.readString(root.resolve(ContainerImages.DOCKERFILE), StandardCharsets.UTF_8);
        assertThat(dockerfile).contains("FROM debian:bookworm-slim", "openjdk-17-jre-headless", "source-extractor", "psfex",
                "USER 10001:10001", "EXPOSE " + deployedHttpPort(), "-pl worker-extract");

        Set<String> deployed = new TreeSet<>();
        for (JsonNode d : DeployFiles.baseResources()) {
            if (Set.of("Deployment", "Job").contains(d.path("kind").asText())) {
                deployed.add(d.at("/spec/template/spec/containers/0/image").asText());
            }
        }
        // Every image built is deployed, and every deployed image is built.
        assertThat(deployed).containsExactlyInAnyOrderElementsOf(images.keySet());
        // The base pins the tag of the builds.
        for (JsonNode image : DeployFiles.yamlDocuments(root.resolve("deploy/k8s/base/kustomization.yaml")).get(0).get("images")) {
            assertThat(image.path("newTag").asText()).as(image.toString()).isEqualTo(rootProps.get("vasco.image.tag"));
            assertThat(deployed).contains(image.path("name").asText());
        }
    }

    private static List<String> platforms(Element jib) {
        List<String> platforms = new ArrayList<>();
        for (Element p : ContainerImages.children(ContainerImages.child(ContainerImages.child(jib, "from"), "platforms"))) {
            platforms.add(ContainerImages.text(p, "os") + "/" + ContainerImages.text(p, "architecture"));
        }
        return platforms;
    }

    private static boolean hasMain(String className) {
        try {
            java.lang.reflect.Method main = Class.forName(className, false, ImagesTest.class.getClassLoader()).getMethod("main", String[].class);
            return java.lang.reflect.Modifier.isStatic(main.getModifiers());
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return false;
        }
    }

    private static String deployedHttpPort() throws IOException {
        JsonNode cm = DeployFiles.named(DeployFiles.baseResources(), "ConfigMap", "vasco-settings").orElseThrow();
        return cm.at("/data/" + ClusterSettings.HTTP_PORT.name()).asText();
    }

    private static String managedJibVersion(Document pom) {
        Element plugins = ContainerImages.child(ContainerImages.child(pom.getDocumentElement(), "build"), "pluginManagement");
        for (Element plugin : ContainerImages.children(ContainerImages.child(plugins, "plugins"))) {
            if ("jib-maven-plugin".equals(ContainerImages.text(plugin, "artifactId"))) {
                return ContainerImages.text(plugin, "version");
            }
        }
        throw new AssertionError("jib-maven-plugin is not in the root pom's pluginManagement");
    }
}
