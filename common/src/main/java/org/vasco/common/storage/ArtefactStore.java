package org.vasco.common.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;
import org.vasco.common.task.RunId;
import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;

/**
 * The shared artefact storage (DESIGN.md "Storage"): {@code tiles/<tile_id>/…} (laid out by {@link TileArtefacts}),
 * {@code catalogs/<catalog>/<tile_id>.csv.gz}, {@code runs/<run_id>/…}. Paths are built only from
 * validated ids and fixed names, and every file reaches its final path complete (temp + rename).
 * Thread-safe.
 */
public final class ArtefactStore {

    private static final Pattern SAFE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");

    private final Path root;

    public ArtefactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code tiles/<tile_id>}. */
    public Path tileDir(TileId tile) {
        return inside(root.resolve("tiles").resolve(tile.value()));
    }

    /** {@code tiles/<tile_id>/<area>}. */
    public Path tileArea(TileId tile, TileArea area) {
        return inside(tileDir(tile).resolve(area.directoryName()));
    }

    /** The layout of one tile's artefacts in this store. */
    public TileArtefacts artefacts(TileId tile) {
        return new TileArtefacts(this, tile);
    }

    /** {@code catalogs/<catalog>/<tile_id>.csv.gz}. */
    public Path catalogNeighbourhood(String catalog, TileId tile) {
        return inside(root.resolve("catalogs").resolve(safe(catalog)).resolve(tile.value() + ".csv.gz"));
    }

    /** {@code runs/<run_id>}. */
    public Path runDir(String runId) {
        return inside(root.resolve("runs").resolve(RunId.validate(runId)));
    }

    /**
     * Writes a file so that it appears at {@code target} only when complete: the content goes to a
     * temporary file in the same directory, is flushed to disk, then renamed into place.
     * On failure nothing is left at {@code target} (a previous version stays untouched).
     *
     * <p>A writer killed mid-write (SIGKILL, a node lost) leaves its temporary file behind; the next complete write
     * of the same target removes such leftovers. Only one writer owns a target at a time (the step's claim for tile
     * artefacts, the advisory lock for catalogue neighbourhoods), so any other temporary file of the target belongs to
     * a writer that is gone or whose result can no longer be committed.
     */
    public void writeAtomically(Path target, ContentWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = ".tmp-" + target.getFileName() + "-";
        Path temp = dir.resolve(prefix + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        removeLeftovers(dir, prefix);
    }

    private static void removeLeftovers(Path dir, String prefix) {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            // The artefact itself is in place; a leftover that cannot be removed now is removed by a later write.
        }
    }

    /** Renames a complete file into place atomically, replacing any previous version. */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("Storage at " + target.getParent() + " does not support atomic renames; "
                    + "artefacts could be seen half-written there", e);
        }
    }

    /**
     * The second gate after the id patterns: a path this store hands out always lies strictly below its root, so
     * a future change to a pattern cannot open a way out of the storage.
     */
    private Path inside(Path path) {
        Path normal = path.normalize();
        if (!normal.startsWith(root) || normal.equals(root)) {
            throw new IllegalArgumentException("Storage path " + path + " would leave the storage root " + root);
        }
        return normal;
    }

    private static String safe(String name) {
        if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("Unsafe storage name " + UntrustedText.quoted(name)
                    + ": use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** Writes the content of one artefact. */
    @FunctionalInterface
    public interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }
}
