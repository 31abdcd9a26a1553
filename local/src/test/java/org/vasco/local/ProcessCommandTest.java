package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.config.Environment;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.xmatch.stage.XmatchArtefacts;
import picocli.CommandLine;

/**
 * {@code vasco process} on a rendered 15′ synthetic tile with the neighbourhood files the sky writes in
 * the reference's layouts: real SExtractor/PSFEx, the step-4 science, the artefacts; and the one-line
 * exit-2 errors for a missing or garbled catalogue file (checked before any tool runs).
 */
class ProcessCommandTest {

    static final TileId TILE = TileId.of("tile_RA130.013_DECp33.081");
    static final String PLATE = "XE258";

    /** The SPEC §8.2 keys of MNRAS_SUMMARY.json. */
    static final List<String> SPEC_COUNTERS = List.of("spikes_rejected", "morphology_rejected", "hpm_objects",
            "missing_inputs", "ps1_veto_enabled", "usnob_veto_enabled", "veto_start_rows", "veto_after_gaia_rows",
            "veto_after_ps1_rows", "veto_after_usnob_rows", "veto_gaia_eliminated", "veto_ps1_eliminated",
            "veto_usnob_eliminated", "veto_gaia_pairs", "veto_ps1_pairs", "veto_usnob_pairs", "veto_gaia_ok", "veto_ps1_ok",
            "veto_usnob_ok", "late_reject_flags", "late_reject_snr", "late_reject_sigma_clip_fwhm",
            "late_reject_sigma_clip_elongation", "late_reject_spread_model", "late_reject_fwhm", "late_reject_elongation",
            "late_reject_extent_delta", "late_reject_extent_min", "late_kept_hard_gates");

    @TempDir
    static Path dir;

    static Path sky;
    static Path fits;
    static SkyTile rendered;

    record Result(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void render() throws IOException {
        sky = dir.resolve("sky");
        rendered = SyntheticSky.withSeed(7).withSizeArcmin(15).render(TILE, PLATE);
        fits = rendered.writeTo(sky);
    }

    private static Result vasco(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = Environment.of(Map.of());
        CommandLine cli = VascoCommand.commandLine(new CliContext(new ClusterLocator(env, dir), Clock.systemUTC()),
                StageRegistry.empty());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    /** A copy of the catalogue files, for breaking one of them. */
    private static Path catalogueCopy(String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        for (Catalogue c : Catalogue.values()) {
            Files.copy(sky.resolve(SkyTile.neighbourhoodFileName(c)), copy.resolve(SkyTile.neighbourhoodFileName(c)));
        }
        return copy;
    }

    @Test
    void processesATileWithTheReferenceLayoutFiles() throws IOException {
        Path out = dir.resolve("out");

        Result r = vasco("process", "--fits", fits.toString(), "--catalogs", sky.toString(), "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(TILE.value()).containsPattern("\\d+ survivors");
        List<String> survivors = Files.readAllLines(out.resolve("survivors.csv"));
        assertThat(survivors.get(0)).isEqualTo(String.join(",", XmatchArtefacts.SURVIVOR_COLUMNS));
        assertThat(survivors.get(0)).startsWith("NUMBER,FLAGS,").endsWith(",RA_corr,Dec_corr,spike_reason,src_id");
        for (String row : survivors.subList(1, survivors.size())) {
            assertThat(row).matches(".*,," + TILE.value() + ":\\d+$");
        }

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(Stream.of(SPEC_COUNTERS.toArray(String[]::new)).filter(k -> !summary.has(k)).toList())
                .as("SPEC §8.2 keys missing from summary.json").isEmpty();
        assertThat(summary.get("veto_start_rows").asInt()).isGreaterThan(100);
        assertThat(summary.get("veto_gaia_ok").asBoolean()).isTrue();
        assertThat(summary.get("ps1_veto_enabled").asBoolean()).isTrue();
        assertThat(summary.get("survivors").asInt()).isEqualTo(survivors.size() - 1);
        assertThat(summary.get("wcsfix").get("ok").asBoolean()).isTrue();
        assertThat(summary.get("veto_start_rows").asInt() - summary.get("veto_gaia_eliminated").asInt())
                .isEqualTo(summary.get("veto_after_gaia_rows").asInt());
        assertThat(out.resolve("pass2.ldac")).isRegularFile();
        assertThat(out.resolve("rejected.csv")).isRegularFile();
        assertThat(r.out()).contains("profile reference: S0M and S0S keep");
        assertThat(Files.readAllLines(out.resolve("candidates.csv")).get(0))
                .isEqualTo("src_id,NUMBER,ra,dec,profile,S0M_MORPH_verdict,S0M_MORPH_reason,S0S_SHAPE_verdict,S0S_SHAPE_reason");
    }

    @Test
    void theCorrectedProfileWritesTheSurvivorsItsPixelStagesKeepWithTheirVerdicts() throws IOException {
        Path out = dir.resolve("out-corrected");

        Result r = vasco("process", "--fits", fits.toString(), "--catalogs", sky.toString(), "--out", out.toString(),
                "--profile", "corrected");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("profile corrected: S0M and S0S keep \\d+ -> .*candidates.csv");
        List<String> survivors = Files.readAllLines(out.resolve("survivors.csv"));
        List<String> candidates = Files.readAllLines(out.resolve("candidates.csv"));
        assertThat(candidates).hasSizeLessThanOrEqualTo(survivors.size());
        java.util.Set<String> survivorIds = new java.util.HashSet<>();
        survivors.subList(1, survivors.size()).forEach(row -> survivorIds.add(row.substring(row.lastIndexOf(',') + 1)));
        for (String row : candidates.subList(1, candidates.size())) {
            String[] cells = row.split(",");
            assertThat(survivorIds).as("a candidate is a survivor").contains(cells[0]);
            assertThat(cells[4]).isEqualTo("corrected");
            assertThat(cells[5]).isIn("KEEP", "FLAG");
            assertThat(cells[7]).isIn("KEEP", "FLAG");
        }
        // the injected vanishing sources of the tile are point sources: the corrected profile keeps those it detects
        long vanishingKept = candidates.stream().skip(1).filter(row -> nearVanishing(row)).count();
        assertThat(vanishingKept).as(String.join("\n", candidates)).isPositive();
    }

    /** True when the candidate row lies within 2″ of one of the tile's injected vanishing sources. */
    private static boolean nearVanishing(String row) {
        String[] cells = row.split(",");
        double ra = Double.parseDouble(cells[2]);
        double dec = Double.parseDouble(cells[3]);
        return rendered.truth(org.vasco.testkit.sky.TruthKind.VANISHING).stream().anyMatch(v -> org.vasco.common.sky.SkyGeometry.separationArcsec(v.raDeg(), v.decDeg(), ra, dec) < 2.0);
    }

    @Test
    void anEmptySurvivorSetIsASuccess() throws IOException {
        Path out = dir.resolve("out-none");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        // the workers' own setting: no detection is that significant, so the late filters keep nothing
        CommandLine cli = new CommandLine(new ProcessCommand(Environment.of(Map.of("VASCO_SNR_MIN", "1e9")), ToolLocator.system()));
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));

        int exit = cli.execute("--fits", fits.toString(), "--catalogs", sky.toString(), "--out", out.toString());

        assertThat(exit).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("0 survivors");
        assertThat(Files.readAllLines(out.resolve("survivors.csv"))).containsExactly(String.join(",", XmatchArtefacts.SURVIVOR_COLUMNS));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("late_kept_hard_gates").asInt()).isZero();
        assertThat(summary.get("late_reject_snr").asInt()).isEqualTo(summary.get("veto_after_usnob_rows").asInt());
    }

    @Test
    void aMissingGaiaFileIsNamedAndNothingRuns() throws IOException {
        Path catalogs = catalogueCopy("no-gaia");
        Files.delete(catalogs.resolve("gaia_neighbourhood.csv"));
        Path out = dir.resolve("out-no-gaia");

        Result r = vasco("process", "--fits", fits.toString(), "--catalogs", catalogs.toString(), "--out", out.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("gaia_neighbourhood.csv").contains("missing");
        assertThat(out).doesNotExist();
    }

    @Test
    void aGarbledUsnobFileIsNamedWithWhatIsWrong() throws IOException {
        Path catalogs = catalogueCopy("garbled");
        Path usnob = catalogs.resolve("usnob_neighbourhood.csv");
        List<String> lines = Files.readAllLines(usnob);
        Files.write(usnob, List.of(lines.get(0), lines.get(1), "12.5,north,,,,,,,,", lines.get(2)));

        Result r = vasco("process", "--fits", fits.toString(), "--catalogs", catalogs.toString(), "--out",
                dir.resolve("out-garbled").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("usnob_neighbourhood.csv line 3")
                .contains("not a sky position");
    }

    @Test
    void thePs1FileMayOnlyBeLeftOutSouthOfItsLimit() throws IOException {
        Path catalogs = catalogueCopy("no-ps1");
        Files.delete(catalogs.resolve("ps1_neighbourhood.csv"));

        Result r = vasco("process", "--fits", fits.toString(), "--catalogs", catalogs.toString(), "--out",
                dir.resolve("out-no-ps1").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("ps1_neighbourhood.csv is missing").contains("south of Dec -30");
    }
}
