package org.vasco.xmatch.mirror.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.xmatch.mirror.HatsLayout;
import org.vasco.xmatch.mirror.MirrorCone;
import org.vasco.xmatch.mirror.MirrorConeSearch;
import org.vasco.xmatch.mirror.MirrorFiles;
import org.vasco.xmatch.mirror.MirrorLayout;
import org.vasco.xmatch.mirror.MirrorLocation;
import org.vasco.xmatch.mirror.MirrorManifest;
import org.vasco.xmatch.mirror.MirrorSchema;
import org.vasco.xmatch.mirror.MirrorSettings;
import org.vasco.xmatch.mirror.ParquetEngine;
import org.vasco.xmatch.mirror.TestMirrors;

/**
 * A level-5 mirror built from a HATS catalogue with STScI's PS1 column names (orders 4 and 5 mixed) holds every row,
 * verifies, answers a cone as the HATS catalogue itself does (VizieR's II/389 filter applied to both), and a second
 * build over the same output skips every partition already written.
 */
class MirrorFromHatsTest {

    private static final double RA = 210.5;
    private static final double DEC = 20.25;

    @Test
    void aLevelFiveMirrorBuiltFromHatsAnswersAsTheHatsCatalogue(@TempDir Path dir) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            double ra = RA - 1.5 + (i % 80) * 0.0375;
            double dec = DEC - 1.2 + (i / 80) * 0.048;
            double mag = 14 + (i % 70) / 10.0;
            rows.add(new String[] {Long.toString(130_000_000_000_000_000L + i), f(9, ra), f(9, dec), Integer.toString(1 + i % 9),
                f(4, mag + 0.4), f(4, mag), i % 11 == 0 ? "" : f(4, mag - 0.2), f(4, mag - 0.3), f(4, mag - 0.4), ""});
        }
        try (ParquetEngine engine = ParquetEngine.open("256MB")) {
            Path hatsRoot = TestMirrors.hats(engine, dir.resolve("hats"), Catalogue.PS1, rows);
            MirrorFiles hatsFiles = MirrorFiles.open(MirrorLocation.parse(hatsRoot.toString()), MirrorSettings.remoteOnly());
            HatsLayout hats = (HatsLayout) MirrorLayout.open(hatsFiles, MirrorSchema.PS1);
            int partitions = hats.partitions().values().stream().mapToInt(Set::size).sum();
            assertThat(hats.partitions().keySet()).as("adaptive orders").hasSizeGreaterThan(1);

            Path out = dir.resolve("l5");
            MirrorBuilder.Written first = new MirrorBuilder(MirrorSchema.PS1, out, engine, line -> { }).fromHats(hats, null);
            assertThat(first.inputs()).isEqualTo(partitions);
            assertThat(first.rows()).isEqualTo(rows.size());
            MirrorBuilder.Written again = new MirrorBuilder(MirrorSchema.PS1, out, engine, line -> { }).fromHats(hats, null);
            assertThat(again.inputs()).isZero();
            assertThat(again.skipped()).isEqualTo(partitions);

            MirrorManifest manifest = MirrorSealing.seal(engine, MirrorSchema.PS1, out, new MirrorManifest.Provenance("hats",
                    hatsRoot.toString(), "test", null, null, List.of(), null), List.of(),
                    new MirrorManifest.Coverage(MirrorManifest.Coverage.PIXELS, List.of()), null);
            assertThat(manifest.rows()).isEqualTo(rows.size());
            MirrorVerifier.Report report = MirrorVerifier.verify(engine, out, false);
            assertThat(report.problems()).isEmpty();
            assertThat(report.rows()).isEqualTo(rows.size());

            double radius = 40;
            MirrorCone fromHats = MirrorConeSearch.open(MirrorSchema.PS1, hatsFiles, engine).cone(Catalogue.PS1, RA, DEC, radius);
            MirrorCone fromMirror = MirrorConeSearch.open(MirrorSchema.PS1,
                    MirrorFiles.open(MirrorLocation.parse(out.toString()), MirrorSettings.remoteOnly()), engine).cone(Catalogue.PS1, RA, DEC, radius);
            long expected = rows.stream().filter(r -> Integer.parseInt(r[3]) >= MirrorSchema.VIZIER_PS1_MIN_DETECTIONS
                    && SkyGeometry.separationDeg(RA, DEC, Double.parseDouble(r[1]), Double.parseDouble(r[2])) * 60 <= radius).count();
            assertThat(expected).isGreaterThan(500);
            assertThat(fromMirror.rows()).hasSize((int) expected);
            assertThat(fromMirror.rows().stream().map(List::of).toList()).isEqualTo(fromHats.rows().stream().map(List::of).toList());
        }
    }

    private static String f(int decimals, double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
