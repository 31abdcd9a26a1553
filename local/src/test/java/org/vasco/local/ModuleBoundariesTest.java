package org.vasco.local;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.local.deploy.DeployFiles;

/**
 * The module boundaries of DESIGN.md as build-time rules (STYLE.md §1, §5) over the production classes of every
 * module: a worker never reaches into another worker, science code knows nothing of Kafka or JDBC, only the local
 * distribution ships testkit, no two packages depend on each other, and every package says what it holds.
 *
 * <p>The rules name packages by pattern and by what they may do, never by a list of the packages that exist today: a
 * package added tomorrow is science (no Kafka, no JDBC) until it is named here as plumbing, is checked for cycles, and
 * needs its package-info.
 */
class ModuleBoundariesTest {

    /**
     * The packages whose job is moving data rather than computing it — the stage loop and service wiring, the
     * coordinator's commands, API, ledger and backlog gauges, the workers' stage adapters and caches, the local
     * distribution and the test infrastructure — and so may hold a JDBC connection. Every other package is science (SPEC's computations:
     * sky geometry, FITS and catalogue formats, detection, the cuts, the matching) or a pure helper, and may not.
     * Regular expressions on the full package name. In common: the pool, the stage loop's ledger, the service wiring
     * and {@code summary}, the one writer of the shared {@code tile_summary} row. In xmatch, {@code mirror} reads and
     * writes Parquet through DuckDB's JDBC driver (an embedded engine, not the cluster database).
     */
    private static final List<Pattern> MAY_USE_JDBC = patterns(
            "org\\.vasco\\.common\\.(db|stage|service|summary)",
            "org\\.vasco\\.coordinator(\\.(api|backlog|bundle|cli|db|finalise|outbox|reconcile|report|review|run|service))?",
            "org\\.vasco\\.download",
            "org\\.vasco\\.xmatch\\.(catalog|cli|mirror|mirror\\.build|stage)",
            "org\\.vasco\\.veto(\\.(chain|cli|tile|vsx))?",
            "org\\.vasco\\.local(\\..+)?",
            "org\\.vasco\\.testkit(\\..+)?");
    /**
     * The packages that may talk to Kafka: the stage loop (consumer, producer, offsets) and service wiring in common,
     * the coordinator's topic administration, and testkit's embedded broker. A stage returns a result; it never sees
     * a consumer.
     */
    private static final List<Pattern> MAY_USE_KAFKA = patterns(
            "org\\.vasco\\.common\\.(stage|service)",
            "org\\.vasco\\.coordinator\\.cli",
            "org\\.vasco\\.testkit(\\..+)?");
    /** Science packages the rules must see as science: if a pattern above grows to take one in, this test says so. */
    private static final Set<String> KNOWN_SCIENCE = Set.of("org.vasco.common.catalog", "org.vasco.common.detection",
            "org.vasco.common.fits", "org.vasco.common.late", "org.vasco.common.plate", "org.vasco.common.psf",
            "org.vasco.common.sky", "org.vasco.common.sky.healpix", "org.vasco.common.sky.match", "org.vasco.common.stats", "org.vasco.common.tile",
            "org.vasco.coordinator.plan", "org.vasco.xmatch.science", "org.vasco.veto.shape");

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vasco");
    }

    @Test
    void workersNeverDependOnEachOther() {
        slices().matching("org.vasco.(download|extract|xmatch|veto)..").should().notDependOnEachOther()
                .allowEmptyShould(true).check(production);
    }

    @Test
    void scienceDoesNotKnowAboutKafkaOrJdbc() {
        noClasses().that(outside("a package that may use JDBC", MAY_USE_JDBC))
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.sql..", "javax.sql..")
                .because("science packages compute; the stage loop and the stage adapters move data (STYLE.md §5)")
                .check(production);
    }

    @Test
    void onlyTheStageLoopTheCoordinatorAndTestkitTalkToKafka() {
        // A stage returns a result; the stage loop in common owns the consumer, the producer and the offsets.
        noClasses().that(outside("a package that may use Kafka", MAY_USE_KAFKA))
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                .check(production);
    }

    @Test
    void theScienceRuleSeesEveryKnownSciencePackage() {
        Set<String> packages = production.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        assertThat(packages).as("the science packages exist under these names").containsAll(KNOWN_SCIENCE);
        assertThat(KNOWN_SCIENCE.stream().filter(p -> matchesAny(p, MAY_USE_JDBC)))
                .as("science packages that a MAY_USE_JDBC pattern takes in").isEmpty();
        for (Pattern p : MAY_USE_JDBC) {
            assertThat(packages.stream().anyMatch(name -> p.matcher(name).matches()))
                    .as("MAY_USE_JDBC pattern %s still names a package", p).isTrue();
        }
    }

    @Test
    void onlyTheLocalDistributionUsesTestkitOutsideTests() {
        // The embedded broker and database, the loopback archives and the synthetic sky are for tests, the demo and
        // the benches; a service image must not carry them.
        noClasses().that().resideOutsideOfPackages("org.vasco.local..", "org.vasco.testkit..")
                .should().dependOnClassesThat().resideInAPackage("org.vasco.testkit..")
                .check(production);
    }

    /**
     * No package reaches, through any chain of dependencies, back to itself: the packages form a layering. Found as
     * the strongly connected sets of the package graph rather than with ArchUnit's
     * {@code slices().matching("org.vasco.(**)").should().beFreeOfCycles()}, which, over all modules, reported the
     * cycles in common and worker-veto but not the three in local (it found those when only local was imported).
     */
    @Test
    void noPackageDependsOnAnotherThatDependsOnIt() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (JavaClass c : production) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String from = c.getPackageName();
                String to = d.getTargetClass().getPackageName();
                if (!from.equals(to) && production.contain(d.getTargetClass().getName())) {
                    graph.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, d.getDescription());
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : PackageCycles.stronglyConnected(graph)) {
            StringBuilder b = new StringBuilder("packages " + component + " depend on each other:");
            for (String from : component) {
                graph.getOrDefault(from, Map.of()).forEach((to, example) -> {
                    if (component.contains(to)) {
                        b.append("\n  ").append(from).append(" -> ").append(to).append(", e.g. ").append(example);
                    }
                });
            }
            cycles.add(b.toString());
        }
        assertThat(graph).as("package dependencies found").containsKey("org.vasco.common.stage");
        assertThat(cycles).as("cycles between packages (move what one package borrows from the other to where it belongs)")
                .isEmpty();
    }

    @Test
    void everyPackageSaysWhatItHolds() throws IOException {
        Path root = DeployFiles.root();
        List<String> missing = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path sources : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                checkPackages(sources, seen, missing);
            }
        }
        assertThat(seen).as("packages found under */src/main/java").contains("org.vasco.common.stage", "org.vasco.local");
        assertThat(missing).as("packages without a package-info.java whose Javadoc says what the package holds").isEmpty();
    }

    private static void checkPackages(Path javaRoot, Set<String> seen, List<String> missing) throws IOException {
        Pattern javadoc = Pattern.compile("/\\*\\*(.*?)\\*/\\s*package\\s", Pattern.DOTALL);
        try (Stream<Path> dirs = Files.walk(javaRoot)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                boolean hasClasses;
                try (Stream<Path> files = Files.list(dir)) {
                    hasClasses = files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
                }
                if (!hasClasses) {
                    continue;
                }
                String name = javaRoot.relativize(dir).toString().replace(dir.getFileSystem().getSeparator(), ".");
                seen.add(name);
                Path info = dir.resolve("package-info.java");
                if (!Files.isRegularFile(info)) {
                    missing.add(name + " (no package-info.java)");
                    continue;
                }
                Matcher m = javadoc.matcher(Files.readString(info, StandardCharsets.UTF_8));
                String words = m.find() ? m.group(1).replaceAll("[*\\s]+", " ").trim() : "";
                if (words.split(" ").length < 8) {
                    missing.add(name + " (package-info.java has no Javadoc of a sentence or more)");
                }
            }
        }
    }

    private static DescribedPredicate<JavaClass> outside(String what, List<Pattern> allowed) {
        return describe("are not in " + what + " " + allowed, (JavaClass c) -> !matchesAny(c.getPackageName(), allowed));
    }

    private static boolean matchesAny(String packageName, List<Pattern> patterns) {
        return patterns.stream().anyMatch(p -> p.matcher(packageName).matches());
    }

    private static List<Pattern> patterns(String... regexes) {
        return Stream.of(regexes).map(Pattern::compile).toList();
    }
}
