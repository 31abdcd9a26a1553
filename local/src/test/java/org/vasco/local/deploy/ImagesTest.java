package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.coordinator.CoordinatorMain;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The container builds against the manifests: Jib (profile images of the root pom, enabled per module) and the
 * worker-extract Dockerfile produce exactly the images the Deployments run, with the main classes that exist,
 * the port the services listen on and the user they run as. Jib itself cannot run here (no registry).
 */
class ImagesTest {

    @Test
    void imagesBuiltAreTheImagesDeployed() throws Exception {
        Path root = DeployFiles.root();
        Document pom = xml(root.resolve("pom.xml"));
        Map<String, String> rootProps = properties(pom);
        Element jib = jibPluginOfImagesProfile(pom);
        assertThat(managedJibVersion(pom)).isEqualTo("${jib-maven-plugin.version}");
        assertThat(rootProps.get("jib-maven-plugin.version")).isEqualTo("3.5.2");
        assertThat(text(jib, "from", "image")).isEqualTo("eclipse-temurin:17-jre");
        String toImage = text(jib, "to", "image");
        assertThat(toImage).isEqualTo("${vasco.image.registry}vasco/${vasco.image.name}:${vasco.image.tag}");
        // The tag ends the Jobs' names (deploy/k8s/base/jobs.yaml): the version, in lower case.
        String version = text(pom.getDocumentElement(), "version");
        assertThat(rootProps.get("vasco.image.tag")).isEqualTo(version.toLowerCase(java.util.Locale.ROOT));
        assertThat(text(jib, "from", "platforms")).as("Jib builds for amd64 and arm64").isNotNull();
        assertThat(platforms(jib)).containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
        assertThat(text(jib, "container", "ports", "port")).isEqualTo(deployedHttpPort());
        assertThat(text(jib, "container", "user")).isEqualTo("10001:10001");

        Set<String> built = new TreeSet<>();
        Map<String, String> workerMains = Map.of("worker-download", "org.vasco.download.DownloadWorker",
                "worker-extract", "org.vasco.extract.ExtractWorker", "worker-xmatch", "org.vasco.xmatch.XmatchWorker",
                "worker-veto", "org.vasco.veto.VetoWorker");
        for (String module : new String[] {"coordinator", "worker-download", "worker-extract", "worker-xmatch", "worker-veto"}) {
            Map<String, String> props = new HashMap<>(rootProps);
            props.putAll(properties(xml(root.resolve(module).resolve("pom.xml"))));
            String expectedMain = module.equals("coordinator") ? CoordinatorMain.class.getName() : workerMains.get(module);
            if (!Boolean.parseBoolean(props.get("vasco.image.skip"))) {
                built.add("vasco/" + props.get("vasco.image.name").replace("${project.artifactId}", module));
                assertThat(props.get("vasco.image.main")).as(module + " image main class").isEqualTo(expectedMain);
                assertThat(hasMain(expectedMain)).as(expectedMain + " has a main method").isTrue();
            } else if (!module.equals("worker-extract")) {
                // No image yet only while the module has no slim main: once it has one, the image must be built.
                assertThat(hasMain(expectedMain)).as(module + " has a main (" + expectedMain + ") but no image:"
                        + " set vasco.image.skip=false and vasco.image.main in " + module + "/pom.xml").isFalse();
            }
        }
        assertThat(built).contains("vasco/coordinator", "vasco/worker-download", "vasco/worker-xmatch", "vasco/worker-veto");

        String dockerfile = Files.readString(root.resolve("deploy/docker/worker-extract.Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile).contains("FROM debian:bookworm-slim", "openjdk-17-jre-headless", "source-extractor", "psfex",
                "USER 10001:10001", "EXPOSE " + deployedHttpPort(), workerMains.get("worker-extract"), "-pl worker-extract");
        assertThat(hasMain(workerMains.get("worker-extract"))).isTrue();
        Matcher tag = Pattern.compile("-t (vasco/[a-z-]+):\\$VERSION").matcher(dockerfile);
        assertThat(tag.find()).as("the Dockerfile documents its tag").isTrue();
        built.add(tag.group(1));

        Set<String> deployed = new TreeSet<>();
        for (JsonNode d : DeployFiles.baseResources()) {
            if (Set.of("Deployment", "Job").contains(d.path("kind").asText())) {
                deployed.add(d.at("/spec/template/spec/containers/0/image").asText());
            }
        }
        // Every image built is deployed; a deployed image not built yet is one whose module has no main (above).
        assertThat(deployed).containsAll(built);
        Set<String> pending = new TreeSet<>(deployed);
        pending.removeAll(built);
        assertThat(pending).as("deployed but not built").isEmpty();
        // The base pins the tag of the builds.
        for (JsonNode image : DeployFiles.yamlDocuments(root.resolve("deploy/k8s/base/kustomization.yaml")).get(0).get("images")) {
            assertThat(image.path("newTag").asText()).as(image.toString()).isEqualTo(rootProps.get("vasco.image.tag"));
            assertThat(deployed).contains(image.path("name").asText());
        }
    }

    private static java.util.List<String> platforms(Element jib) {
        java.util.List<String> platforms = new java.util.ArrayList<>();
        Element list = child(child(jib, "from"), "platforms");
        for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element p) {
                platforms.add(text(p, "os") + "/" + text(p, "architecture"));
            }
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

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Map<String, String> properties(Document pom) {
        Map<String, String> props = new HashMap<>();
        Element properties = child(pom.getDocumentElement(), "properties");
        if (properties != null) {
            for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    props.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        return props;
    }

    private static Element jibPluginOfImagesProfile(Document pom) {
        Element profiles = child(pom.getDocumentElement(), "profiles");
        for (Node n = profiles.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element profile && "images".equals(text(profile, "id"))) {
                Element plugins = child(child(profile, "build"), "plugins");
                for (Node p = plugins.getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p instanceof Element plugin && "jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                        return child(plugin, "configuration");
                    }
                }
            }
        }
        throw new AssertionError("The root pom has no profile 'images' with jib-maven-plugin");
    }

    private static String managedJibVersion(Document pom) {
        Element plugins = child(child(child(pom.getDocumentElement(), "build"), "pluginManagement"), "plugins");
        for (Node p = plugins.getFirstChild(); p != null; p = p.getNextSibling()) {
            if (p instanceof Element plugin && "jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                return text(plugin, "version");
            }
        }
        throw new AssertionError("jib-maven-plugin is not in the root pom's pluginManagement");
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e, String... path) {
        Element at = e;
        for (String p : path) {
            at = child(at, p);
            if (at == null) {
                return null;
            }
        }
        return at.getTextContent().trim();
    }
}
