package org.vasco.xmatch.mirror.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vasco.xmatch.mirror.HealpixFiveLayout;
import org.vasco.xmatch.mirror.MirrorException;
import org.vasco.xmatch.mirror.MirrorManifest;
import org.vasco.xmatch.mirror.MirrorSchema;
import org.vasco.xmatch.mirror.ParquetEngine;

/**
 * Checks a built mirror against its {@code MANIFEST.json} ({@code vasco catalog mirror verify}): every listed file is
 * there with its SHA-256 and its row count, holds the catalogue's required columns as numbers, and (unless quick)
 * every row lies in the pixel of its directory; no Parquet file is there that the manifest does not list; the
 * pixels' rows add up to the total; {@code LICENSE.txt} is there.
 */
public final class MirrorVerifier {

    /** What was checked and what is wrong (empty when the mirror is sound). */
    public record Report(int pixels, int files, long rows, List<String> problems) {
        public boolean sound() {
            return problems.isEmpty();
        }
    }

    private MirrorVerifier() {
    }

    public static Report verify(ParquetEngine engine, Path root, boolean quick) throws IOException {
        List<String> problems = new ArrayList<>();
        Path manifestFile = root.resolve(MirrorManifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            return new Report(0, 0, 0, List.of(root + " has no " + MirrorManifest.FILE + ": not a finished mirror (build it again"
                    + " with the same options to finish it)"));
        }
        MirrorManifest manifest;
        try {
            manifest = MirrorManifest.read(manifestFile);
        } catch (MirrorException e) {
            return new Report(0, 0, 0, List.of(e.getMessage()));
        }
        MirrorSchema schema = MirrorSchema.ofLabel(manifest.catalogue());
        if (!Files.isRegularFile(root.resolve("LICENSE.txt"))) {
            problems.add("LICENSE.txt is missing");
        }
        int files = 0;
        long rows = 0;
        for (Map.Entry<Long, MirrorManifest.Pixel> pixel : manifest.pixels().entrySet()) {
            long pixelRows = 0;
            for (Map.Entry<String, String> f : pixel.getValue().files().entrySet()) {
                Path file = root.resolve(HealpixFiveLayout.pixelDirectory(pixel.getKey())).resolve(f.getKey());
                files++;
                if (!Files.isRegularFile(file)) {
                    problems.add("pixel " + pixel.getKey() + ": " + file + " is missing");
                    continue;
                }
                String sha = MirrorSealing.sha256(file);
                if (!sha.equals(f.getValue())) {
                    problems.add("pixel " + pixel.getKey() + ": " + file + " has SHA-256 " + sha + ", the manifest says " + f.getValue());
                    continue;
                }
                try {
                    pixelRows += engine.rowCount(file);
                    Map<String, String> columns = engine.columns(file);
                    for (MirrorSchema.Field field : schema.fields()) {
                        if (field.required() && schema.physicalName(field, new ArrayList<>(columns.keySet())).isEmpty()) {
                            problems.add(file + " has no column " + field.name());
                        }
                    }
                    if (!quick) {
                        long misplaced = misplaced(engine, file, pixel.getKey());
                        if (misplaced > 0) {
                            problems.add(file + ": " + misplaced + " rows lie outside pixel " + pixel.getKey());
                        }
                    }
                } catch (MirrorException e) {
                    problems.add(e.getMessage());
                }
            }
            if (pixelRows != pixel.getValue().rows()) {
                problems.add("pixel " + pixel.getKey() + " holds " + pixelRows + " rows, the manifest says " + pixel.getValue().rows());
            }
            rows += pixelRows;
        }
        if (rows != manifest.rows()) {
            problems.add("the pixels hold " + rows + " rows, the manifest's total is " + manifest.rows());
        }
        Path data = root.resolve(HealpixFiveLayout.DATA);
        if (Files.isDirectory(data)) {
            try (Stream<Path> all = Files.walk(data, 2)) {
                for (Path f : all.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
                    long pixel = Long.parseLong(f.getParent().getFileName().toString().replace("healpix_5=", ""));
                    MirrorManifest.Pixel listed = manifest.pixels().get(pixel);
                    if (listed == null || !listed.files().containsKey(f.getFileName().toString())) {
                        problems.add(f + " is not in the manifest");
                    }
                }
            }
        }
        return new Report(manifest.pixels().size(), files, rows, problems);
    }

    private static long misplaced(ParquetEngine engine, Path file, long pixel) throws MirrorException {
        try (Connection c = engine.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + ParquetEngine.literal(file)
                     + ", hive_partitioning = false) WHERE healpix_5(ra, dec) <> " + pixel)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new MirrorException(MirrorException.Problem.CORRUPT_FILE, file + " could not be read: " + e.getMessage(), e);
        }
    }
}
