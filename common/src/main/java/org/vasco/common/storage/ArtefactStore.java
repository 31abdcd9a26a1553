package org.vasco.common.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vasco.common.task.RunId;
import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;

/**
 * The shared artefact storage (DESIGN.md "Storage"): {@code tiles/<tile_id>/…} (laid out by {@link TileArtefacts}),
 * {@code catalogs/<catalog>/<tile_id>.csv.gz}, {@code runs/<run_id>/…} (a run's bundle, laid out by {@link RunArtefacts}). Paths are built only from
 * validated ids and fixed names, and every file reaches its final path complete (temp + rename).
 * Thread-safe.
 */
public final class ArtefactStore {

    private static final Pattern SAFE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");

    private final Path root;
    private final ArtefactFence fence;

    public ArtefactStore(Path root) {
        this(root, ArtefactFence.UNFENCED);
    }

    private ArtefactStore(Path root, ArtefactFence fence) {
        this.root = root.toAbsolutePath().normalize();
        this.fence = fence;
    }

    /**
     * This store with every {@link #writeAtomically} passing {@code fence} into place: what a stage writes its tile's
     * artefacts through ({@code store.fenced(context.fence())}), so that they reach their final paths only while the
     * attempt still holds its step.
     */
    public ArtefactStore fenced(ArtefactFence fence) {
        return new ArtefactStore(root, Objects.requireNonNull(fence, "fence"));
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

    /** The layout of one run's bundle in this store. */
    public RunArtefacts runArtefacts(String runId) {
        return new RunArtefacts(this, runId);
    }

    /**
     * Replaces a directory whole: {@code writer} fills a new staging directory beside {@code target}; only when it
     * returns is the old directory renamed away and the staging directory renamed into place, then the old one
     * deleted. Readers see the old content or the new, never a half-written mix of files in one directory (a reader
     * that opens files across the swap can still mix generations: the run bundle's checksum manifest tells it).
     * On failure the staging directory is removed and the previous directory stays as it was.
     *
     * <p>Leftovers of a writer killed mid-way (staging or replaced directories of the same target) are removed by
     * the next replacement. One writer per target at a time (the caller's lock).
     */
    public void replaceDirectory(Path target, DirectoryWriter writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String name = target.getFileName().toString();
        removeDirectoryLeftovers(parent, name);
        Path staging = parent.resolve(".staging-" + name + "-" + UUID.randomUUID());
        Path replaced = parent.resolve(".replaced-" + name + "-" + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            writer.write(staging);
            if (Files.exists(target)) {
                moveIntoPlace(target, replaced);
            }
            moveIntoPlace(staging, target);
        } finally {
            deleteTree(staging);
            deleteTree(replaced);
        }
    }

    private static void removeDirectoryLeftovers(Path parent, String name) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(".staging-" + name + "-") || n.startsWith(".replaced-" + name + "-");
        })) {
            for (Path leftover : leftovers) {
                deleteTree(leftover);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Writes a file so that it appears at {@code target} only when complete: the content goes to a
     * temporary file in the same directory, is flushed to disk, then renamed into place.
     * On failure nothing is left at {@code target} (a previous version stays untouched).
     *
     * <p>The complete file passes this store's fence into place ({@link #fenced}): on a fenced store, a write by an
     * attempt that no longer holds its step throws {@link StaleAttemptException} and leaves {@code target} as it is.
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
            fence.publish(temp, target);
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

    /** Fills a new directory with the content of a directory artefact. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path directory) throws IOException;
    }

    /** Writes the content of one artefact. */
    @FunctionalInterface
    public interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }
}
