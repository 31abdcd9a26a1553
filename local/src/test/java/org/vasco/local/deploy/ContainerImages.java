package org.vasco.local.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The container images the build makes, read from the build files themselves: Jib (the root pom's profile
 * {@code images}, enabled per module by {@code vasco.image.skip=false} and {@code vasco.image.main}) and the
 * worker-extract Dockerfile. For each image: the entry point's JVM options and main class, and the environment
 * the image sets. The build cannot run here (no registry, no Docker engine), so this is what a pod would start.
 */
final class ContainerImages {

    /** The modules that may build a service image. */
    static final List<String> MODULES = List.of("coordinator", "worker-download", "worker-extract", "worker-xmatch", "worker-veto");
    static final Path DOCKERFILE = Path.of("deploy/docker/worker-extract.Dockerfile");

    /**
     * What a container of the image runs before its {@code args}: {@code java <jvmOptions> -cp <classes> <mainClass>},
     * with {@code environment} set.
     */
    record Entrypoint(String image, List<String> jvmOptions, String mainClass, Map<String, String> environment) {
    }

    private ContainerImages() {
    }

    /** Every image the build makes, by name ({@code vasco/<name>}, no registry, no tag). */
    static Map<String, Entrypoint> all() throws Exception {
        Path root = DeployFiles.root();
        Document pom = xml(root.resolve("pom.xml"));
        Map<String, String> rootProps = properties(pom);
        Element jib = jibPluginOfImagesProfile(pom);
        List<String> jvmFlags = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        for (Element flag : children(child(child(jib, "container"), "jvmFlags"))) {
            jvmFlags.add(flag.getTextContent().trim());
        }
        for (Element variable : children(child(child(jib, "container"), "environment"))) {
            environment.put(variable.getTagName(), variable.getTextContent().trim());
        }
        Map<String, Entrypoint> images = new LinkedHashMap<>();
        for (String module : MODULES) {
            Map<String, String> props = new HashMap<>(rootProps);
            props.putAll(properties(xml(root.resolve(module).resolve("pom.xml"))));
            if (!Boolean.parseBoolean(props.get("vasco.image.skip"))) {
                String image = "vasco/" + props.get("vasco.image.name").replace("${project.artifactId}", module);
                images.put(image, new Entrypoint(image, List.copyOf(jvmFlags), props.get("vasco.image.main"), Map.copyOf(environment)));
            }
        }
        Entrypoint docker = dockerfile(Files.readString(root.resolve(DOCKERFILE), StandardCharsets.UTF_8));
        images.put(docker.image(), docker);
        return images;
    }

    /** The image of a Dockerfile: its tag (the documented {@code -t vasco/<name>:$VERSION}), ENTRYPOINT and ENV. */
    static Entrypoint dockerfile(String text) throws IOException {
        Matcher tag = Pattern.compile("-t (vasco/[a-z-]+):\\$VERSION").matcher(text);
        if (!tag.find()) {
            throw new AssertionError(DOCKERFILE + " does not document its tag (-t vasco/<name>:$VERSION)");
        }
        String joined = text.replaceAll("\\\\\\r?\\n", " ");
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher env = Pattern.compile("(?m)^ENV (.+)$").matcher(joined);
        while (env.find()) {
            for (String pair : env.group(1).trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                environment.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])\\s*$").matcher(joined);
        if (!entry.find()) {
            throw new AssertionError(DOCKERFILE + " has no ENTRYPOINT in exec form");
        }
        List<String> argv = new ArrayList<>();
        new ObjectMapper().readTree(entry.group(1)).forEach(a -> argv.add(a.asText()));
        int cp = argv.indexOf("-cp");
        if (!"java".equals(argv.get(0)) || cp < 0 || argv.size() != cp + 3) {
            throw new AssertionError(DOCKERFILE + ": expected ENTRYPOINT [\"java\", <options>, \"-cp\", <classes>, <main>], found " + argv);
        }
        return new Entrypoint(tag.group(1), List.copyOf(argv.subList(1, cp)), argv.get(cp + 2), Map.copyOf(environment));
    }

    /** The image a container runs, without registry and tag ({@code registry.example.org/vasco/x:1} is vasco/x). */
    static Optional<String> imageName(String image) {
        Matcher m = Pattern.compile("(?:^|/)(vasco/[a-z-]+)(?::[^/]*)?$").matcher(image);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The tag of an image reference, or empty. */
    static Optional<String> tag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? Optional.of(image.substring(colon + 1)) : Optional.empty();
    }

    // ---------------------------------------------------------------- the poms (also used by ImagesTest)

    static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    static Map<String, String> properties(Document pom) {
        Map<String, String> props = new HashMap<>();
        for (Element e : children(child(pom.getDocumentElement(), "properties"))) {
            props.put(e.getTagName(), e.getTextContent().trim());
        }
        return props;
    }

    static Element jibPluginOfImagesProfile(Document pom) {
        for (Element profile : children(child(pom.getDocumentElement(), "profiles"))) {
            if ("images".equals(text(profile, "id"))) {
                for (Element plugin : children(child(child(profile, "build"), "plugins"))) {
                    if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                        return child(plugin, "configuration");
                    }
                }
            }
        }
        throw new AssertionError("The root pom has no profile 'images' with jib-maven-plugin");
    }

    static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    children.add(e);
                }
            }
        }
        return children;
    }

    static Element child(Element parent, String name) {
        return children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElse(null);
    }

    static String text(Element e, String... path) {
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
