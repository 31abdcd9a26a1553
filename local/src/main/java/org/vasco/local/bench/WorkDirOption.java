package org.vasco.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --dir DIR}: where a bench that works on files writes its inputs and outputs ({@code bench memory},
 * {@code bench xmatch}); a new temporary directory, left in place for inspection, when none is named. A picocli
 * mixin. ({@code bench modes --work} differs: its temporary directory is removed afterwards.)
 */
public final class WorkDirOption {

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the bench's inputs and outputs go (default: a new temporary directory).")
    Path dir;

    /** The directory named (created if missing), or a new temporary directory whose name starts with {@code prefix}. */
    Path directory(String prefix) throws IOException {
        return dir != null ? Files.createDirectories(dir) : Files.createTempDirectory(prefix);
    }
}
