package org.vasco.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.Environment;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.coordinator.bundle.RunBundlePublisher;
import org.vasco.coordinator.bundle.RunBundleWriter;
import org.vasco.coordinator.finalise.FinaliseFixture;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.finalise.RunResultsQuery;
import org.vasco.coordinator.report.RunCharts;
import org.vasco.coordinator.report.RunReportPage;
import org.vasco.testkit.services.SharedServices;

/**
 * {@code vasco report} and {@code vasco candidates} print the same from a run's bundle as from the database: every
 * format and selection, byte for byte; and find the bundle under {@code .vasco/runs/<run>/} when there is no cluster.
 */
class ReportAndCandidatesFromBundleTest {

    private static FinaliseFixture fixture;
    private static Path bundle;

    @BeforeAll
    static void finaliseAndBundle() throws Exception {
        fixture = new FinaliseFixture("bundle-cli").seedComplete().seedQuality().seedProfileAndChecks("corrected");
        new RunFinaliser(fixture.db).finalise(fixture.runId).orElseThrow();
        ArtefactStore store = new ArtefactStore(SharedServices.get().newDirectory("bundle-cli-store"));
        new RunBundlePublisher(fixture.db, store, new RunResultsQuery(fixture.db, Map.of(), "test"),
                new RunBundleWriter(new RunReportPage(new RunCharts(PlateCatalogue.bundled())))).publish(fixture.runId)
                .orElseThrow();
        bundle = store.runArtefacts(fixture.runId).directory();
    }

    @Test
    void theBundleGivesTheDatabasesOutputForEveryFormatAndSelection() {
        List<List<String>> invocations = new ArrayList<>();
        invocations.add(List.of("report"));
        invocations.add(List.of("report", "--json"));
        for (String format : List.of("csv", "votable", "json")) {
            for (String stage : List.of("FINAL", "ALL", "S0", "S0M_MORPH")) {
                invocations.add(List.of("candidates", "--format", format, "--stage", stage));
            }
        }
        for (List<String> invocation : invocations) {
            CliHarness.Result db = run(CliHarness.context(), invocation, List.of());
            CliHarness.Result fromBundle = run(CliHarness.context(), invocation, List.of("--bundle", bundle.toString()));
            assertThat(db.exitCode()).as("%s from the database: %s", invocation, db.err()).isEqualTo(ExitCodes.OK);
            assertThat(fromBundle.exitCode()).as("%s from the bundle: %s", invocation, fromBundle.err()).isEqualTo(ExitCodes.OK);
            assertThat(fromBundle.out()).as("%s", invocation).isEqualTo(db.out()).isNotBlank();
            if (invocation.equals(List.of("report"))) {
                // the run's profile and the S0 checks, a failed one with its row, survive the trip through funnel.json
                assertThat(fromBundle.out()).contains("(FINALISED, profile corrected)", "Checks of the 3 S0 rows",
                        "CHECK FAILED: the catalogue veto missed them: " + fixture.representative(),
                        "(mid-exposure, flag only): 1, of them final 1");
            }
        }
    }

    @Test
    void withoutAClusterTheRunIsReadFromItsBundleUnderDotVascoRuns() throws Exception {
        Path cwd = SharedServices.get().newDirectory("no-cluster");
        CliContext noCluster = new CliContext(new ClusterLocator(Environment.of(Map.of()), cwd), Clock.systemUTC());

        CliHarness.Result missing = run(noCluster, List.of("report"), List.of());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(missing.err()).contains("no cluster: start one with ./vasco up", "nor is there a bundle of run '"
                + fixture.runId + "' in " + cwd.resolve(".vasco/runs").resolve(fixture.runId), "--bundle DIR");

        copy(bundle, cwd.resolve(".vasco/runs").resolve(fixture.runId));
        for (List<String> invocation : List.of(List.of("report"), List.of("report", "--json"),
                List.of("candidates", "--format", "csv"))) {
            CliHarness.Result local = run(noCluster, invocation, List.of());
            assertThat(local.exitCode()).as("%s: %s", invocation, local.err()).isEqualTo(ExitCodes.OK);
            assertThat(local.out()).isEqualTo(run(CliHarness.context(), invocation, List.of()).out());
        }
    }

    @Test
    void aDirectoryThatIsNoBundleOfTheRunIsRefusedNamingIt() throws Exception {
        Path empty = SharedServices.get().newDirectory("not-a-bundle");
        CliHarness.Result r = run(CliHarness.context(), List.of("report"), List.of("--bundle", empty.toString()));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(r.err()).contains("No run bundle in " + empty.toAbsolutePath(), "SHA256SUMS");

        CliHarness.Result other = CliHarness.run(new ReportCommand(CliHarness.context()), "--run", "some-other-run",
                "--bundle", bundle.toString());
        assertThat(other.exitCode()).isEqualTo(ExitCodes.BAD_REQUEST);
        assertThat(other.err()).contains("is of run '" + fixture.runId + "', not 'some-other-run'");
    }

    private static CliHarness.Result run(CliContext context, List<String> invocation, List<String> more) {
        List<String> args = new ArrayList<>(invocation.subList(1, invocation.size()));
        args.addAll(List.of("--run", fixture.runId));
        args.addAll(more);
        Object command = invocation.get(0).equals("report") ? new ReportCommand(context) : new CandidatesCommand(context);
        return CliHarness.run(command, args.toArray(String[]::new));
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
