package org.vasco.xmatch.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.config.Environment;
import org.vasco.common.sky.healpix.HealpixCone;
import org.vasco.common.sky.healpix.NestedHealpix;
import org.vasco.testkit.archives.LoopbackS3Server;

/**
 * A mirror that cannot answer a cone completely fails naming the pixel, file or column, in both layouts: a pixel
 * directory gone (with and without MANIFEST.json), a file the manifest lists gone, a corrupt file, a file without a
 * needed column or with text where a number belongs, a HATS partition without its file and a region no partition
 * covers, a cone outside the cones a VizieR-built mirror holds. The same mirror served by the loopback S3 store
 * answers as the local one, also when a transfer breaks off (resumed with a Range request).
 */
class MirrorFailuresTest {

    private static final double RA = 150.2;
    private static final double DEC = 2.3;
    private static final double RADIUS_ARCMIN = 20;

    @TempDir
    static Path dir;
    private static ParquetEngine engine;
    private static List<String[]> gaia;

    @BeforeAll
    static void rows() {
        engine = ParquetEngine.open("256MB");
        gaia = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            double r = 1.2 * Math.sqrt(rng.nextDouble());
            double a = 2 * Math.PI * rng.nextDouble();
            double dec = DEC + r * Math.sin(a);
            double ra = RA + r * Math.cos(a) / Math.cos(Math.toRadians(dec));
            gaia.add(new String[] {f(11, ra), f(11, dec), f(6, 12 + 8 * rng.nextDouble()), "", "", f(3, rng.nextGaussian() * 5),
                f(3, rng.nextGaussian() * 5), "", ""});
        }
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static List<List<String>> lists(List<String[]> rows) {
        return rows.stream().map(java.util.Arrays::asList).toList();
    }

    private static String f(int decimals, double v) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }

    private static MirrorCone cone(Path root) throws MirrorException {
        return MirrorConeSearch.open(MirrorSchema.GAIA, MirrorFiles.open(MirrorLocation.parse(root.toString()),
                MirrorSettings.remoteOnly()), engine).cone(Catalogue.GAIA, RA, DEC, RADIUS_ARCMIN);
    }

    private static Path mirror(String name, TestMirrors.Variant variant) throws Exception {
        return TestMirrors.healpixFive(engine, dir.resolve(name), Catalogue.GAIA, gaia, variant);
    }

    /** A pixel the 20′ cone touches, and its directory. */
    private static long touchedPixel() {
        return HealpixCone.pixels(new NestedHealpix(5), RA, DEC, (RADIUS_ARCMIN + MirrorLayout.PIXEL_MARGIN_ARCMIN) / 60)[0];
    }

    private static void delete(Path p) throws Exception {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path x : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    @Test
    void aMissingPixelIsNamedWithOrWithoutAManifest() throws Exception {
        long pixel = touchedPixel();
        Path ours = mirror("missing-ours", TestMirrors.Variant.OURS);
        assertThat(cone(ours).rows()).isNotEmpty();
        delete(ours.resolve(HealpixFiveLayout.pixelDirectory(pixel)));
        assertThatThrownBy(() -> cone(ours)).isInstanceOfSatisfying(MirrorException.class, e -> {
            assertThat(e.problem()).isEqualTo(MirrorException.Problem.MISSING_PIXEL);
            assertThat(e.getMessage()).contains("order-5 pixel " + pixel, "MANIFEST.json");
        });

        TestMirrors.writeManifest(engine, ours, MirrorSchema.GAIA, MirrorSchema.GAIA.fields());
        assertThatThrownBy(() -> cone(ours)).isInstanceOfSatisfying(MirrorException.class, e -> assertThat(e.getMessage())
                .contains("pixel " + pixel, "does not list it"));

        Path reference = mirror("missing-reference", TestMirrors.Variant.REFERENCE);
        delete(reference.resolve(HealpixFiveLayout.pixelDirectory(pixel)));
        assertThatThrownBy(() -> cone(reference)).isInstanceOfSatisfying(MirrorException.class, e -> {
            assertThat(e.problem()).isEqualTo(MirrorException.Problem.MISSING_PIXEL);
            assertThat(e.getMessage()).contains("pixel " + pixel, "holds no .parquet file");
        });
    }

    @Test
    void aCorruptFileIsNamed() throws Exception {
        Path root = mirror("corrupt", TestMirrors.Variant.REFERENCE);
        Path file;
        try (Stream<Path> files = Files.list(root.resolve(HealpixFiveLayout.pixelDirectory(touchedPixel())))) {
            file = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> cone(root)).isInstanceOfSatisfying(MirrorException.class, e -> {
            assertThat(e.problem()).isEqualTo(MirrorException.Problem.CORRUPT_FILE);
            assertThat(e.getMessage()).contains(file.toString());
        });
    }

    @Test
    void aWrongSchemaNamesTheColumn() throws Exception {
        Path noPm = dir.resolve("no-pmra");
        Path textRa = dir.resolve("text-ra");
        try (Connection c = engine.connection(); Statement s = c.createStatement()) {
            for (long pixel : HealpixCone.pixels(new NestedHealpix(5), RA, DEC, (RADIUS_ARCMIN + MirrorLayout.PIXEL_MARGIN_ARCMIN) / 60)) {
                for (Path root : List.of(noPm, textRa)) {
                    Files.createDirectories(root.resolve(HealpixFiveLayout.pixelDirectory(pixel)));
                }
                s.execute("COPY (SELECT 1::BIGINT AS source_id, " + RA + "::DOUBLE AS ra, " + DEC + "::DOUBLE AS dec, 1.0::FLOAT AS pmdec,"
                        + " 15.0::DOUBLE AS phot_g_mean_mag) TO " + ParquetEngine.literal(noPm.resolve(HealpixFiveLayout.pixelDirectory(pixel)
                        + "/a.parquet")) + " (FORMAT parquet)");
                s.execute("COPY (SELECT 1::BIGINT AS source_id, '" + RA + "' AS ra, " + DEC + "::DOUBLE AS dec, 1.0::FLOAT AS pmra,"
                        + " 1.0::FLOAT AS pmdec, 15.0::DOUBLE AS phot_g_mean_mag) TO " + ParquetEngine.literal(textRa.resolve(
                        HealpixFiveLayout.pixelDirectory(pixel) + "/a.parquet")) + " (FORMAT parquet)");
            }
        }
        assertThatThrownBy(() -> cone(noPm)).isInstanceOfSatisfying(MirrorException.class, e -> {
            assertThat(e.problem()).isEqualTo(MirrorException.Problem.WRONG_SCHEMA);
            assertThat(e.getMessage()).contains("no column pmra", "pmRA", "a.parquet");
        });
        assertThatThrownBy(() -> cone(textRa)).isInstanceOfSatisfying(MirrorException.class,
                e -> assertThat(e.getMessage()).contains("column ra as VARCHAR"));
    }

    @Test
    void hatsPartitionsMustExistAndCoverTheCone() throws Exception {
        Path hats = TestMirrors.hats(engine, dir.resolve("hats"), Catalogue.GAIA, gaia);
        assertThat(cone(hats).rows()).hasSize(cone(mirror("hats-twin", TestMirrors.Variant.OURS)).rows().size());
        List<String> info = Files.readAllLines(hats.resolve("partition_info.csv"));
        double reach = (RADIUS_ARCMIN + MirrorLayout.PIXEL_MARGIN_ARCMIN) / 60;
        String first = info.stream().skip(1).filter(line -> {
            String[] q = line.split(",");
            long[] touched = HealpixCone.pixels(new NestedHealpix(Integer.parseInt(q[0])), RA, DEC, reach);
            return java.util.Arrays.stream(touched).anyMatch(x -> x == Long.parseLong(q[1]));
        }).findFirst().orElseThrow();
        String[] p = first.split(",");
        Path leaf = hats.resolve("dataset/Norder=" + p[0] + "/Dir=" + (Long.parseLong(p[1]) / 10000 * 10000) + "/Npix=" + p[1] + ".parquet");
        Path moved = Files.move(leaf, dir.resolve("moved.parquet"));
        assertThatThrownBy(() -> cone(hats)).isInstanceOfSatisfying(MirrorException.class, e -> assertThat(e.getMessage())
                .contains("Norder=" + p[0] + " Npix=" + p[1], "partition_info.csv"));
        Files.move(moved, leaf);
        List<String> fewer = new ArrayList<>(info);
        fewer.remove(first);
        Files.write(hats.resolve("partition_info.csv"), fewer);
        assertThatThrownBy(() -> cone(hats)).isInstanceOfSatisfying(MirrorException.class, e -> {
            assertThat(e.problem()).isEqualTo(MirrorException.Problem.MISSING_PIXEL);
            assertThat(e.getMessage()).contains("no partition covering");
        });
    }

    @Test
    void aConeOutsideTheConesOfAVizierBuiltMirrorIsRefused() throws Exception {
        Path root = mirror("cones", TestMirrors.Variant.OURS);
        MirrorManifest m = MirrorManifest.read(root.resolve(MirrorManifest.FILE));
        new MirrorManifest(m.format(), m.catalogue(), m.layout(), m.healpixOrder(), m.epoch(), m.provenance(), m.filters(),
                new MirrorManifest.Coverage(MirrorManifest.Coverage.CONES, List.of(new double[] {RA, DEC, 0.2})), m.schema(), m.rows(),
                m.pixels()).write(root.resolve(MirrorManifest.FILE));
        assertThatThrownBy(() -> cone(root)).isInstanceOfSatisfying(MirrorException.class, e -> assertThat(e.getMessage())
                .contains("built from 1 VizieR cones", "outside them"));
    }

    @Test
    void notAMirrorSaysWhatWasLookedFor() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> cone(empty)).isInstanceOfSatisfying(MirrorException.class, e -> {
            assertThat(e.problem()).isEqualTo(MirrorException.Problem.NOT_A_MIRROR);
            assertThat(e.getMessage()).contains("healpix_5=", "partition_info.csv");
        });
    }

    @Test
    void anS3MirrorAnswersAsTheLocalOneAndResumesABrokenTransfer() throws Exception {
        Path root = mirror("s3/gaia-mirror", TestMirrors.Variant.OURS);
        List<String[]> local = cone(root).rows();
        try (LoopbackS3Server s3 = LoopbackS3Server.start(dir.resolve("s3"), "vasco-test")) {
            MirrorSettings settings = MirrorSettings.from(Environment.of(Map.of(
                    MirrorSettings.S3_ENDPOINT.name(), s3.endpoint().toString(),
                    MirrorSettings.CACHE.name(), dir.resolve("s3-cache").toString())));
            s3.cutNextObjectAfter(40);
            MirrorCone remote = MirrorConeSearch.open(MirrorSchema.GAIA, MirrorFiles.open(MirrorLocation.parse("s3://vasco-test/gaia-mirror"),
                    settings), engine).cone(Catalogue.GAIA, RA, DEC, RADIUS_ARCMIN);
            assertThat(lists(remote.rows())).isEqualTo(lists(local)).isNotEmpty();
            assertThat(s3.rangeRequests()).as("the broken transfer resumed").isPositive();
            int before = s3.objectRequests();
            MirrorConeSearch.open(MirrorSchema.GAIA, MirrorFiles.open(MirrorLocation.parse("s3://vasco-test/gaia-mirror"), settings),
                    engine).cone(Catalogue.GAIA, RA, DEC, RADIUS_ARCMIN);
            assertThat(s3.objectRequests() - before).as("the files come from the cache the second time").isZero();
            assertThatThrownBy(() -> MirrorConeSearch.open(MirrorSchema.GAIA, MirrorFiles.open(MirrorLocation.parse(
                    "s3://vasco-test/nothing-here"), settings), engine)).isInstanceOfSatisfying(MirrorException.class,
                    e -> assertThat(e.problem()).isEqualTo(MirrorException.Problem.NOT_A_MIRROR));
        }
    }
}
