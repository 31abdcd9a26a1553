package org.vasco.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.RunFile;
import org.vasco.common.storage.TileArea;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.coordinator.finalise.FunnelQuery;
import org.vasco.coordinator.review.StampRenderer;
import org.vasco.download.DownloadStage;
import org.vasco.extract.stage.ExtractStage;
import org.vasco.extract.stage.MeasureStage;
import org.vasco.local.bench.BenchMemoryCommand;
import org.vasco.testkit.archives.LoopbackCdsXmatchServer;
import org.vasco.veto.tile.VetoTileStage;
import org.vasco.xmatch.stage.XmatchStage;

/**
 * The contract between the steps lives once, in {@code common} (STYLE.md "And not this"): no production class of any
 * module outside the artefact layout ({@code org.vasco.common.storage}) holds an artefact file name (of a tile or of a
 * run's bundle) or a tile area
 * name as a string constant, and none outside {@code org.vasco.common.summary} holds a funnel counter's name. Read
 * from the compiled constant pools (string literals, constant fields, and the constant parts of concatenations),
 * which also catches a {@code static final} constant of another class that javac copied in.
 */
class StepContractTest {

    private static final String LAYOUT = "org.vasco.common.storage";
    private static final String SUMMARY = "org.vasco.common.summary";

    /**
     * The same words used for something else, each reviewed: class → constants it may hold.
     */
    private static final Map<String, Set<String>> OTHER_MEANINGS = Map.of(
            // CDS X-Match's form field request=xmatch (the service's protocol, not our area), in the client and its stand-in
            "org.vasco.veto.remote.CdsXmatchClient", Set.of("xmatch"),
            "org.vasco.testkit.archives.LoopbackCdsXmatchServer", Set.of("xmatch"),
            // the benches' own ra,dec input files in their work directories, not the extraction's detections.csv
            "org.vasco.local.bench.DenseTileVeto", Set.of("detections.csv"),
            "org.vasco.local.bench.BenchMemoryCommand", Set.of("detections.csv"),
            "org.vasco.local.bench.BenchXmatchCommand", Set.of("detections.csv"),
            // a candidate's plate epoch as an export column
            "org.vasco.coordinator.finalise.SurvivorExport", Set.of("plate_epoch"),
            "org.vasco.coordinator.bundle.RunBundle", Set.of("plate_epoch"),
            // run_tile.metrics key and metric tag of the candidates every post stage kept (the tile counter is SURVIVORS)
            "org.vasco.veto.tile.VetoTileStage", Set.of("survivors"),
            "org.vasco.veto.VetoWorker", Set.of("survivors"));

    private static final Set<String> FILE_NAMES = names(Stream.concat(Stream.of(ArtefactFile.values()).map(ArtefactFile::fileName),
            Stream.of(RunFile.values()).map(RunFile::fileName)));
    private static final Set<String> AREA_NAMES = names(Stream.of(TileArea.values()).map(TileArea::directoryName));
    private static final Set<String> COUNTER_NAMES = names(Stream.of(FunnelCounter.values()).map(FunnelCounter::key));
    /** A concatenation spelling a path into a tile's area: {@code tiles/…/raw/…}. */
    private static final Pattern TILE_PATH = Pattern.compile(".*tiles/.*(/|\u0001)(" + String.join("|", AREA_NAMES) + ")/.*",
            Pattern.DOTALL);

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vasco");
        // the readers and writers of the contract in every module are among the scanned classes
        for (Class<?> user : List.of(DownloadStage.class, ExtractStage.class, MeasureStage.class, XmatchStage.class,
                VetoTileStage.class, StampRenderer.class, FunnelQuery.class, ProcessCommand.class, BenchMemoryCommand.class,
                LoopbackCdsXmatchServer.class)) {
            assertThat(production.contain(user)).as("%s is scanned", user.getSimpleName()).isTrue();
        }
    }

    @Test
    void onlyTheLayoutNamesAnArtefactFileOrATileArea() throws IOException {
        List<String> found = new ArrayList<>();
        for (JavaClass c : production) {
            if (c.getPackageName().equals(LAYOUT)) {
                continue;
            }
            for (Constant k : constants(c)) {
                boolean named = k.concatenation()
                        ? FILE_NAMES.stream().anyMatch(k.text()::contains) || TILE_PATH.matcher(k.text()).matches()
                        : FILE_NAMES.stream().anyMatch(k.text()::contains) || AREA_NAMES.contains(k.text());
                if (named && !otherMeaning(c, k.text())) {
                    found.add(c.getName() + " holds \"" + k + "\"");
                }
            }
        }
        assertThat(found).as("artefact file and area names outside the layout (use TileArtefacts, TileArea or ArtefactFile)")
                .isEmpty();
    }

    @Test
    void onlyTheSummaryNamesAFunnelCounter() throws IOException {
        List<String> found = new ArrayList<>();
        Predicate<String> counterName = s -> COUNTER_NAMES.contains(s) || s.startsWith("veto_after_") || s.startsWith("late_reject_");
        for (JavaClass c : production) {
            if (c.getPackageName().equals(SUMMARY)) {
                continue;
            }
            for (Constant k : constants(c)) {
                if (counterName.test(k.text()) && !otherMeaning(c, k.text())) {
                    found.add(c.getName() + " holds \"" + k + "\"");
                }
            }
        }
        assertThat(found).as("funnel counter names outside org.vasco.common.summary (use FunnelCounter)").isEmpty();
    }

    /**
     * A step's artefacts reach their final paths only through its attempt's fence (a fenced store, or the context's fence
     * in a request), so a stale attempt cannot replace the new owner's: no worker class renames a file into place itself
     * (the workers' command-line tools, which write where the user asks, outside any step, and the catalogue mirrors'
     * file cache and builder, which hold no step's artefacts, aside).
     */
    @Test
    void noWorkerRenamesAnArtefactIntoPlacePastTheFence() {
        noClasses().that().resideInAnyPackage("org.vasco.download..", "org.vasco.extract..", "org.vasco.xmatch..",
                        "org.vasco.veto..").and().resideOutsideOfPackage("..cli..") // the local commands write outside any step
                .and().resideOutsideOfPackage("org.vasco.xmatch.mirror..") // mirror files: a shared cache, no step's artefacts
                .should().callMethod(ArtefactStore.class, "moveIntoPlace", Path.class, Path.class)
                .orShould().callMethod(Files.class, "move", Path.class, Path.class, CopyOption[].class)
                .because("a step publishes through StageContext.fence() (ArtefactStore.fenced), which renames only while"
                        + " the attempt holds its step")
                .check(production);
    }

    @Test
    void theScanSeesTheNamesWhereTheyLive() throws IOException {
        // The rules above can only fail if the scan finds constants: it must find each name in its one home.
        assertThat(texts(production.get(ArtefactFile.class))).containsAll(names(Stream.of(ArtefactFile.values())
                .map(ArtefactFile::fileName)));
        assertThat(texts(production.get(RunFile.class))).containsAll(names(Stream.of(RunFile.values()).map(RunFile::fileName)));
        assertThat(texts(production.get(TileArea.class))).containsAll(AREA_NAMES);
        assertThat(texts(production.get(FunnelCounter.class))).containsAll(COUNTER_NAMES);
    }

    private static boolean otherMeaning(JavaClass c, String text) {
        // nested classes share their top-level class's allowance
        String topLevel = c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName();
        return OTHER_MEANINGS.getOrDefault(topLevel, Set.of()).contains(text);
    }

    private static Set<String> texts(JavaClass c) throws IOException {
        Set<String> texts = new LinkedHashSet<>();
        constants(c).forEach(k -> texts.add(k.text()));
        return texts;
    }

    /** A string constant of a class: a literal or constant field, or the constant recipe of a concatenation. */
    record Constant(String text, boolean concatenation) {

        @Override
        public String toString() {
            // a recipe marks each value spliced in with U+0001
            return text.replace('\u0001', '…');
        }
    }

    /** Every string constant of {@code c} (also used by {@link TransactionPoolingRulesTest}). */
    static List<Constant> constants(JavaClass c) throws IOException {
        List<Constant> found = new ArrayList<>();
        try (InputStream in = c.getSource().orElseThrow().getUri().toURL().openStream()) {
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                    if (value instanceof String s) {
                        found.add(new Constant(s, false));
                    }
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitLdcInsn(Object value) {
                            if (value instanceof String s) {
                                found.add(new Constant(s, false));
                            }
                        }

                        @Override
                        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                            // only a concatenation's recipe is text; a record's bootstrap names its components
                            if (!bootstrap.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                                return;
                            }
                            for (Object a : arguments) {
                                if (a instanceof String s) {
                                    found.add(new Constant(s, true));
                                }
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
        }
        return found;
    }

    private static Set<String> names(Stream<String> names) {
        return names.collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    }
}
