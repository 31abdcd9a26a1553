package org.vasco.common.late;

/**
 * The PS1 bright-star list is needed (some detection passed the late filters) but there is none: the spike cut
 * cannot be skipped (SPEC §12 #12), so the tile cannot be judged until the list is there.
 */
public final class BrightStarsMissingException extends RuntimeException {

    public BrightStarsMissingException(String message) {
        super(message);
    }
}
