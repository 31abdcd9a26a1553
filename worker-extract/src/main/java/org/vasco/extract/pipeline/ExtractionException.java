package org.vasco.extract.pipeline;

/**
 * An extraction attempt failed. {@link Kind#retryable()} says whether another attempt can help;
 * callers decide from the kind, never from the message, which names the input and the tool's
 * last error lines.
 */
public final class ExtractionException extends Exception {

    /** Why an extraction failed. */
    public enum Kind {
        /** The input is not FITS or has no image. */
        BAD_FITS(false),
        /** Pass 1 found no source at the configured thresholds (e.g. a nebula filling a small cut-out). */
        NO_DETECTIONS(false),
        /** PSFEx accepted no star, so no PSF model and no pass 2 (too few or unsuitable stars). */
        PSF_FAILED(false),
        /**
         * The measure step's inputs disagree with each other: a veto survivor is not an object of pass 2 at its
         * position (the tile was extracted with another configuration than the one measuring it).
         */
        INCONSISTENT_INPUTS(false),
        /** A tool exited non-zero. */
        TOOL_FAILED(true),
        /** A tool ran past its wall-clock limit and was killed. */
        TOOL_TIMEOUT(true),
        /** A tool exited 0 but its output is missing, empty or unreadable. */
        OUTPUT_MISSING(true),
        /** The scratch directory, logs or artefact storage could not be written. */
        STORAGE(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public ExtractionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ExtractionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
