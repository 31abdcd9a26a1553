package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, as far as it can be checked without a container engine: the local-cluster path loads exactly
 * the images the dev overlay runs, tagged as it expects, for the machine's platform; every Kubernetes object,
 * label selector and port its commands name exists in the overlay they address; every deploy/ path it names exists.
 */
class LocalClusterGuideTest {

    @Test
    void theLocalClusterPathLoadsTheImagesTheDevOverlayRuns() throws Exception {
        String guide = section(CapacityTest.operationsGuide(), "## Try it on your machine");
        String tag = ContainerImages.properties(ContainerImages.xml(DeployFiles.root().resolve("pom.xml"))).get("vasco.image.tag");
        assertThat(guide).contains("TAG=$(mvn -q help:evaluate -Dexpression=vasco.image.tag -DforceStdout)",
                "jib:buildTar -Djib.from.platforms=linux/$ARCH", "kubectl apply -k deploy/k8s/overlays/dev");
        // What the dev overlay runs: vasco images at the build's tag, without a registry (loaded, never pulled).
        Set<String> deployed = new TreeSet<>();
        for (JsonNode workload : DeployFiles.workloads(renderings().get("overlay dev"))) {
            for (JsonNode c : workload.findValues("image")) {
                if (ContainerImages.imageName(c.asText()).isPresent()) {
                    assertThat(c.asText()).as("the dev overlay runs images loaded into the node").startsWith("vasco/").endsWith(":" + tag);
                    deployed.add(ContainerImages.imageName(c.asText()).get());
                }
            }
        }
        Map<String, ContainerImages.Entrypoint> built = ContainerImages.all();
        Set<String> jibModules = new TreeSet<>();
        built.keySet().forEach(image -> jibModules.add(image.substring("vasco/".length())));
        String dockerImage = ContainerImages.dockerfile(Files.readString(DeployFiles.root().resolve(ContainerImages.DOCKERFILE))).image();
        jibModules.remove(dockerImage.substring("vasco/".length()));
        for (String loader : List.of("kind load image-archive (\\S+)/target/jib-image.tar --name vasco",
                "minikube image load (\\S+)/target/jib-image.tar")) {
            assertThat(all(guide, loader)).as(loader + ": one archive per Jib image").isEqualTo(jibModules);
        }
        assertThat(all(guide, "kind load docker-image (vasco/[a-z-]+):\\$TAG")).containsExactly(dockerImage);
        assertThat(all(guide, "minikube image load (vasco/[a-z-]+):\\$TAG")).containsExactly(dockerImage);
        assertThat(all(guide, "docker build -f " + Pattern.quote(ContainerImages.DOCKERFILE.toString()) + " --build-arg VERSION=\\$TAG -t (vasco/[a-z-]+):\\$TAG"))
                .containsExactly(dockerImage);
        Set<String> loaded = new TreeSet<>(built.keySet());
        assertThat(loaded).as("every image the dev overlay runs is built and loaded").isEqualTo(deployed);
    }

    @Test
    void everyObjectPortAndSelectorTheGuideNamesExists() throws Exception {
        String guide = CapacityTest.operationsGuide();
        Map<String, String> overlays = Map.of("vasco-dev", "overlay dev", "vasco", "overlay prod");
        Map<String, String> kinds = Map.of("deploy", "Deployment", "deployment", "Deployment", "svc", "Service", "sts", "StatefulSet",
                "job", "Job", "scaledobject", "ScaledObject", "quota", "ResourceQuota");
        int checked = 0;
        Matcher command = Pattern.compile("kubectl -n (vasco(?:-dev)?) ([^\\n`]*)").matcher(guide);
        while (command.find()) {
            List<JsonNode> docs = renderings().get(overlays.get(command.group(1)));
            String line = command.group(2);
            Matcher object = Pattern.compile("(?<![\\w/.-])(deploy|deployment|svc|sts|job|scaledobject|quota)[/ ]([a-z][a-z0-9-]*)(?![<\\w/-])(?: (\\d+):(\\d+))?").matcher(line);
            while (object.find()) {
                String kind = kinds.get(object.group(1));
                String name = object.group(2);
                if (line.contains("get pods") || name.equals("l")) {
                    continue;
                }
                Optional<JsonNode> found = DeployFiles.named(docs, kind, name);
                assertThat(found).as(command.group() + ": " + kind + " " + name + " in " + command.group(1)).isPresent();
                if (object.group(4) != null) {
                    assertThat(found.get().at("/spec/ports").findValuesAsText("port")).as(command.group() + ": port")
                            .contains(object.group(4));
                }
                checked++;
            }
            Matcher selector = Pattern.compile("-l ([a-z./-]+)=([a-z-]+)(?![<\\w-])").matcher(line);
            while (selector.find()) {
                String key = selector.group(1);
                String value = selector.group(2);
                long matching = docs.stream().filter(d -> value.equals(d.at("/metadata/labels").path(key).asText())).count();
                assertThat(matching).as(command.group() + ": something carries " + key + "=" + value).isPositive();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
        Matcher path = Pattern.compile("`((?:deploy|docs|local|common|coordinator)/[\\w./-]+)`").matcher(guide);
        while (path.find()) {
            String p = path.group(1).replace("<module>", "coordinator");
            if (!p.contains("<")) {
                assertThat(DeployFiles.root().resolve(p)).as("docs/operations.md names " + p).exists();
            }
        }
    }

    private static Set<String> all(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String section(String guide, String heading) {
        int start = guide.indexOf(heading);
        assertThat(start).as("docs/operations.md has a section " + heading).isNotNegative();
        int end = guide.indexOf("\n## ", start + heading.length());
        return guide.substring(start, end < 0 ? guide.length() : end);
    }

    private static Map<String, List<JsonNode>> renderings() throws Exception {
        Optional<Path> kubectl = DeployFiles.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed on this machine: the Kustomize overlays were not built");
        return DeployFiles.renderings(kubectl.get());
    }
}
