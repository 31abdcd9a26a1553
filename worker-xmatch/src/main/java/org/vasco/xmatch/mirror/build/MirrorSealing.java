package org.vasco.xmatch.mirror.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vasco.xmatch.mirror.HealpixFiveLayout;
import org.vasco.xmatch.mirror.MirrorException;
import org.vasco.xmatch.mirror.MirrorManifest;
import org.vasco.xmatch.mirror.MirrorSchema;
import org.vasco.xmatch.mirror.ParquetEngine;

/**
 * Finishes a built mirror: {@code MANIFEST.json} from the pixel directories as written (each file's rows from its
 * Parquet footer and its SHA-256; the footprint's pixels without rows listed with none, so a reader knows they are
 * empty rather than missing) and the catalogue's {@code LICENSE.txt}. Written last, atomically: a mirror without a
 * manifest of ours is unfinished.
 */
public final class MirrorSealing {

    private MirrorSealing() {
    }

    /** Writes the manifest and the licence; returns the manifest. */
    public static MirrorManifest seal(ParquetEngine engine, MirrorSchema schema, Path out, MirrorManifest.Provenance provenance,
                                      List<String> filters, MirrorManifest.Coverage coverage, Set<Long> footprint) throws IOException {
        SortedMap<Long, MirrorManifest.Pixel> pixels = new TreeMap<>();
        if (footprint != null) {
            footprint.forEach(p -> pixels.put(p, new MirrorManifest.Pixel(0, new TreeMap<>())));
        }
        Path data = out.resolve(HealpixFiveLayout.DATA);
        if (Files.isDirectory(data)) {
            try (Stream<Path> dirs = Files.list(data)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    String name = dir.getFileName().toString();
                    if (!name.startsWith("healpix_5=")) {
                        continue;
                    }
                    long pixel = Long.parseLong(name.substring("healpix_5=".length()));
                    SortedMap<String, String> files = new TreeMap<>();
                    long rows = 0;
                    try (Stream<Path> parts = Files.list(dir)) {
                        for (Path f : parts.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
                            files.put(f.getFileName().toString(), sha256(f));
                            rows += engine.rowCount(f);
                        }
                    } catch (MirrorException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                    pixels.put(pixel, new MirrorManifest.Pixel(rows, files));
                }
            }
        }
        List<MirrorManifest.Column> columns = schema.fields().stream()
                .map(f -> new MirrorManifest.Column(f.name(), f.type().name())).toList();
        double epoch = schema.catalogue().epoch();
        MirrorManifest manifest = new MirrorManifest(MirrorManifest.FORMAT, schema.label(), MirrorManifest.LAYOUT_HEALPIX5,
                HealpixFiveLayout.ORDER, Double.isNaN(epoch) ? null : epoch, provenance, filters, coverage, columns, 0, pixels)
                .withPixels(pixels);
        Path tmp = out.resolve(MirrorManifest.FILE + ".tmp");
        manifest.write(tmp);
        Files.writeString(out.resolve("LICENSE.txt"), CatalogueLicence.text(schema), StandardCharsets.UTF_8);
        Files.move(tmp, out.resolve(MirrorManifest.FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return manifest;
    }

    /** The SHA-256 of a file, hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
