package org.vasco.local.fault;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shared storage that can really run out of space: a small tmpfs mounted for one run, which {@link #fill()}
 * fills to the last byte (every write of the cluster then fails with ENOSPC, "No space left on device", as on a
 * full NFS volume) and {@link #release()} frees again. Needs {@code mount -t tmpfs}: root with CAP_SYS_ADMIN, as
 * in this project's sandbox and CI; {@link #mount} says when that is not allowed. The file system is real: the
 * services see exactly what a full disk gives them.
 */
final class TmpfsStorage implements AutoCloseable {

    private static final String FILLER = "filler.bin";
    private static final int CHUNK = 1 << 20;

    private final Path mountPoint;
    private final Path filler;

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

    /** Unmounts (everything using it must be closed). */
    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", mountPoint.toString()));
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
