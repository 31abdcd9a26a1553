package org.vasco.local.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.config.Environment;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.local.VascoCommand;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.testkit.archives.ConeSource;
import org.vasco.testkit.archives.LoopbackVizierServer;
import org.vasco.xmatch.mirror.MirrorManifest;
import picocli.CommandLine;

/**
 * {@code vasco catalog mirror build|verify} and {@code vasco catalog cone} as a user runs them: a Gaia mirror from a
 * bulk ECSV.gz with the archive's column names and a plain CSV, resumed after an interrupt and verified, answering
 * cones as the rows say; a USNO-B mirror from VizieR cones over plate XE002's tiles through the loopback VizieR,
 * whose cones equal VizieR's own through the same command, and which refuses a cone outside those tiles.
 */
class CatalogMirrorCommandTest {

    record Result(int exitCode, String out, String err) {
    }

    private static Result vasco(Map<String, String> env, Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VascoCommand.commandLine(new CliContext(new ClusterLocator(Environment.of(env), cwd), Clock.systemUTC()),
                StageRegistry.empty());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    /** Gaia rows on a grid around (150.2, +2.3), as the archive's bulk files name them. */
    private static List<String[]> gaiaRows(int from, int to) {
        List<String[]> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            double ra = 149.6 + (i % 60) * 0.02;
            double dec = 1.7 + (i / 60) * 0.02;
            rows.add(new String[] {Long.toString(1_000_000L + i), f(11, ra), f(11, dec), f(3, (i % 17) - 8.0), f(3, (i % 13) - 6.0),
                f(6, 12 + (i % 90) / 10.0), i % 7 == 0 ? "null" : f(6, 13 + (i % 90) / 10.0), f(6, 11 + (i % 90) / 10.0),
                i % 5 == 0 ? "" : f(4, (i % 11) / 10.0), "x" + i});
        }
        return rows;
    }

    private static final String GAIA_HEADER = "source_id,ra,dec,pmra,pmdec,phot_g_mean_mag,phot_bp_mean_mag,phot_rp_mean_mag,parallax,designation";

    private static String f(int decimals, double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static void write(Path file, String preamble, List<String[]> rows) throws IOException {
        StringBuilder text = new StringBuilder(preamble).append(GAIA_HEADER).append('\n');
        rows.forEach(r -> text.append(String.join(",", r)).append('\n'));
        try (OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aGaiaMirrorFromBulkFilesIsResumedVerifiedAndAnswersCones(@TempDir Path dir) throws Exception {
        Path bulk = Files.createDirectories(dir.resolve("bulk"));
        write(bulk.resolve("GaiaSource_000000-000001.ecsv.gz"), "# %ECSV 1.0\n# ---\n# delimiter: ','\n# datatype:\n"
                + "# - {name: source_id, datatype: int64}\n", gaiaRows(0, 1800));
        write(bulk.resolve("GaiaSource_000002-000003.csv"), "", gaiaRows(1800, 3600));
        Path mirror = dir.resolve("gaia-mirror");

        Result built = vasco(Map.of(), dir, "catalog", "mirror", "build", "--catalog", "gaia", "--from", bulk.toString(), "--out",
                mirror.toString());
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertThat(built.out()).contains("2 input(s) now, 0 done before", "3,600 rows");
        MirrorManifest manifest = MirrorManifest.read(mirror.resolve(MirrorManifest.FILE));
        assertThat(manifest.rows()).isEqualTo(3600);
        assertThat(manifest.provenance().sourceKind()).isEqualTo("bulk");
        assertThat(Files.readString(mirror.resolve("LICENSE.txt"))).contains("CC BY 4.0");

        // an interrupt while the second file was being written: its marker never came, a part of it is there
        Path marker;
        try (var markers = Files.list(mirror.resolve(".done"))) {
            marker = markers.filter(p -> p.getFileName().toString().startsWith("GaiaSource_000002")).findFirst().orElseThrow();
        }
        Files.delete(marker);
        Result resumed = vasco(Map.of(), dir, "catalog", "mirror", "build", "--catalog", "gaia", "--from", bulk.toString(), "--out",
                mirror.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("1 input(s) now, 1 done before", "3,600 rows");
        Result verified = vasco(Map.of(), dir, "catalog", "mirror", "verify", mirror.toString());
        assertThat(verified.exitCode()).as(verified.out()).isZero();
        assertThat(verified.out()).contains("3,600 rows: sound");

        Path csv = dir.resolve("cone.csv");
        Result cone = vasco(Map.of("VASCO_GAIA_SOURCE", mirror.toString()), dir, "catalog", "cone", "--catalog", "gaia", "--ra", "150.2",
                "--dec", "2.3", "--radius-arcmin", "10", "--out", csv.toString());
        assertThat(cone.exitCode()).as(cone.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(String.join(",", Catalogue.GAIA.columns()));
        long expected = gaiaRows(0, 3600).stream().filter(r -> SkyGeometry.separationDeg(150.2, 2.3, Double.parseDouble(r[1]),
                Double.parseDouble(r[2])) * 60 <= 10).count();
        assertThat(lines).hasSize((int) expected + 1);
        String[] nearest = lines.get(1).split(",", -1);
        String[] source = gaiaRows(0, 3600).stream().filter(r -> r[1].equals(nearest[0]) && r[2].equals(nearest[1])).findFirst()
                .orElseThrow();
        assertThat(nearest).containsExactly(source[1], source[2], source[5], source[6].equals("null") ? "" : source[6], source[7],
                source[3], source[4], source[8], nearest[8]);
        assertThat(cone.out()).contains("from mirror " + mirror);

        Path file;
        try (var files = Files.walk(mirror.resolve("parquet"))) {
            file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Result broken = vasco(Map.of(), dir, "catalog", "mirror", "verify", mirror.toString(), "--quick");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("PROBLEM", file.getFileName().toString(), "SHA-256");
    }

    /** USNO-B stars on a 3′ grid over the whole sky: a cheap, deterministic sky for the VizieR loopback. */
    private static final ConeSource GRID = (catalogue, raDeg, decDeg, radiusDeg) -> {
        List<String[]> rows = new ArrayList<>();
        double step = 0.05;
        // star (i, j) sits at dec = j·step, ra = i·step/cos(dec): the same position in every cone that holds it
        for (long j = (long) Math.floor((decDeg - radiusDeg) / step); j * step <= decDeg + radiusDeg; j++) {
            double dec = j * step;
            if (dec < -90 || dec > 90) {
                continue;
            }
            double raStep = step / Math.max(0.02, Math.cos(Math.toRadians(dec)));
            long n = (long) Math.floor(360 / raStep);
            double reach = Math.min(180, radiusDeg / Math.max(0.02, Math.cos(Math.toRadians(dec))) + raStep);
            for (long i = (long) Math.floor((raDeg - reach) / raStep); i * raStep <= raDeg + reach; i++) {
                long wrapped = Math.floorMod(i, n);
                double r = wrapped * raStep;
                if (SkyGeometry.separationDeg(raDeg, decDeg, r, dec) <= radiusDeg) {
                    int k = (int) Math.floorMod(wrapped * 7 + j * 13, 50L);
                    rows.add(new String[] {f(6, r), f(6, dec), f(2, 12 + k / 10.0), f(2, 12.1 + k / 10.0), f(2, 13 + k / 10.0),
                        f(2, 13.2 + k / 10.0), f(2, 11.5 + k / 10.0), Integer.toString(k - 25), Integer.toString(25 - k), ""});
                }
            }
        }
        return rows;
    };

    @Test
    void aUsnobMirrorFromVizierConesAnswersAsVizierOverThePlatesTiles(@TempDir Path dir) throws Exception {
        try (LoopbackVizierServer vizier = LoopbackVizierServer.start(GRID)) {
            Map<String, String> env = new HashMap<>(Map.of("VASCO_VIZIER_URL", vizier.baseUrl().toString(), "VASCO_VIZIER_RATE", "1000",
                    "VASCO_VIZIER_BACKOFF", "1ms"));
            Path mirror = dir.resolve("usnob-mirror");
            Result built = vasco(env, dir, "catalog", "mirror", "build", "--catalog", "usnob", "--from", "vizier", "--plates", "XE002",
                    "--out", mirror.toString());
            assertThat(built.exitCode()).as(built.err()).isZero();
            MirrorManifest manifest = MirrorManifest.read(mirror.resolve(MirrorManifest.FILE));
            assertThat(manifest.coverage().kind()).isEqualTo(MirrorManifest.Coverage.CONES);
            assertThat(manifest.provenance().sourceKind()).isEqualTo("vizier");
            double[] tile = manifest.coverage().cones().get(0);

            Path fromVizier = dir.resolve("vizier.csv");
            Path fromMirror = dir.resolve("mirror.csv");
            String[] cone = {"catalog", "cone", "--catalog", "usnob", "--ra", Double.toString(tile[0]), "--dec", Double.toString(tile[1]),
                "--radius-arcmin", Double.toString(tile[2] * 60)};
            Result a = vasco(env, dir, concat(cone, "--out", fromVizier.toString()));
            Map<String, String> mirrored = new HashMap<>(env);
            mirrored.put("VASCO_USNOB_SOURCE", mirror.toString());
            Result b = vasco(mirrored, dir, concat(cone, "--out", fromMirror.toString()));
            assertThat(a.exitCode()).as(a.err()).isZero();
            assertThat(b.exitCode()).as(b.err()).isZero();
            List<String> vizierLines = Files.readAllLines(fromVizier);
            List<String> mirrorLines = Files.readAllLines(fromMirror);
            assertThat(mirrorLines).hasSizeGreaterThan(100).hasSameSizeAs(vizierLines);
            for (int i = 0; i < vizierLines.size(); i++) {
                assertThat(mirrorLines.get(i)).as("line %d", i + 1).isEqualTo(vizierLines.get(i));
            }

            Result outside = vasco(mirrored, dir, "catalog", "cone", "--catalog", "usnob", "--ra", "200", "--dec", "10", "--radius-arcmin",
                    "30", "--out", dir.resolve("x.csv").toString());
            assertThat(outside.exitCode()).isEqualTo(1);
            assertThat(outside.err()).contains("CATALOG_MIRROR_INCOMPLETE", "outside them");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
