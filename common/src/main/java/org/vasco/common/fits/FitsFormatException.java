package org.vasco.common.fits;

import java.nio.file.Path;

/**
 * A file is not the FITS content a reader expects: not FITS at all, truncated, without an image,
 * or a catalogue without a required HDU or column. The message names the file, what was expected
 * and what was found.
 */
public final class FitsFormatException extends Exception {

    private final Path file;

    public FitsFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public FitsFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
