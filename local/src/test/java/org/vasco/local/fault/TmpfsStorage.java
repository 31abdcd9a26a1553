package org.vasco.local.fault;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shared storage that can really run out of space or turn read-only: a small tmpfs mounted for one run, which
 * {@link #fill()} fills to the last byte (every write of the cluster then fails with ENOSPC, "No space left on
 * device", as on a full NFS volume) and {@link #release()} frees again, and which {@link #readOnly()} makes
 * read-only (writes fail with EROFS, reads go on, as when a volume is remounted read-only after an error) until
 * {@link #writable()}. Needs {@code mount -t tmpfs}: root with CAP_SYS_ADMIN, as
 * in this project's sandbox and CI; {@link #mount} says when that is not allowed. The file system is real: the
 * services see exactly what a full disk gives them.
 */
final class TmpfsStorage implements AutoCloseable {

    private static final String FILLER = "filler.bin";
    private static final int CHUNK = 1 << 20;

    private final Path mountPoint;
    private final Path filler;
    private boolean readOnly;

    private TmpfsStorage(Path mountPoint) {
        this.mountPoint = mountPoint;
        // Outside the areas the cluster writes to, and not an artefact name the suite checks (its own folder).
        this.filler = mountPoint.resolve(".fault-filler").resolve(FILLER);
    }

    /**
     * Mounts a tmpfs of {@code megabytes} on the (empty) directory {@code mountPoint}.
     *
     * @throws IOException naming mount's own message when the mount is refused (no privilege in this sandbox)
     */
    static TmpfsStorage mount(Path mountPoint, int megabytes) throws IOException, InterruptedException {
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0755", "vasco-fault-storage",
                mountPoint.toString()));
        return new TmpfsStorage(mountPoint);
    }

    Path root() {
        return mountPoint;
    }

    /** Fills the file system until a write fails with "No space left on device"; returns the bytes written. */
    long fill() throws IOException {
        Files.createDirectories(filler.getParent());
        byte[] chunk = new byte[CHUNK];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // The last partial chunk may leave a few bytes free (block rounding): take them with single bytes.
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < CHUNK; i++) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return written;
    }

    /** Frees the space again. */
    void release() throws IOException {
        Files.deleteIfExists(filler);
        Files.deleteIfExists(filler.getParent());
    }

    /**
     * Makes the storage read-only for every file opened from now on: a read-only bind mount of it is prepared
     * beside it, where nothing uses it, then moved over it in one step. (Remounting the storage itself read-only
     * is refused while any file is open for writing on it, and SExtractor or a log always is; files already open
     * keep writing, as on a real volume.)
     */
    void readOnly() throws IOException, InterruptedException {
        Path staging = Files.createDirectories(mountPoint.resolveSibling(mountPoint.getFileName() + "-read-only"));
        run(List.of("mount", "--bind", mountPoint.toString(), staging.toString()));
        run(List.of("mount", "-o", "remount,ro,bind", staging.toString()));
        run(List.of("mount", "--move", staging.toString(), mountPoint.toString()));
        readOnly = true;
    }

    /** Makes the storage writable again: the read-only mount is detached (lazily: readers may still hold files). */
    void writable() throws IOException, InterruptedException {
        if (readOnly) {
            run(List.of("umount", "-l", mountPoint.toString()));
            readOnly = false;
        }
    }

    /** Unmounts (everything using it must be closed). */
    @Override
    public void close() throws IOException {
        try {
            writable();
            run(List.of("umount", mountPoint.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while unmounting " + mountPoint, e);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 30 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + output);
        }
    }
}
