package org.vasco.xmatch.mirror;

import java.util.Objects;

/** A mirror cannot answer a cone completely; the message names the pixel, file or column and what to do. */
public final class MirrorException extends Exception {

    /** What is wrong, which decides whether asking again can help. */
    public enum Problem {
        /** A pixel the cone touches is not in the mirror (or outside the cones it was built for). */
        MISSING_PIXEL(false),
        /** A file lacks a needed column, or holds it with a type that is not a number where one is needed. */
        WRONG_SCHEMA(false),
        /** A file is not readable Parquet, or its checksum or row count differs from the manifest. */
        CORRUPT_FILE(false),
        /** The mirror's root is not a layout this reader knows, or its manifest is not readable. */
        NOT_A_MIRROR(false),
        /** The object store or file system failed while reading (timeouts, 5xx, I/O errors): worth another try. */
        UNREACHABLE(true);

        private final boolean retriable;

        Problem(boolean retriable) {
            this.retriable = retriable;
        }

        public boolean retriable() {
            return retriable;
        }
    }

    private final Problem problem;

    public MirrorException(Problem problem, String message) {
        this(problem, message, null);
    }

    public MirrorException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
