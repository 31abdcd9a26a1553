package org.vasco.xmatch.catalog;

import java.util.Objects;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.tile.TileId;

/**
 * No usable neighbourhood of a catalogue could be had for a tile. The cross-match step must fail on
 * this (SPEC §12 #12: a tile never passes unvetoed); {@link #toStageException()} says how.
 */
public final class NeighbourhoodUnavailableException extends Exception {

    /** Why, as the short code recorded with the failed step. */
    public enum Reason {
        /** The service kept hitting the row cap even after the cone was split to the maximum depth. */
        CATALOG_TRUNCATED(false),
        /** The reply was not the expected table: HTML, missing columns, ragged rows, a broken CSV. */
        CATALOG_GARBLED(true),
        /** A well-formed reply without rows where the catalogue covers the sky (SPEC §12 #13). */
        CATALOG_EMPTY(true),
        /** Timeouts, refused connections, 5xx and 429 after every retry. */
        CATALOG_UNREACHABLE(true),
        /** The service refused the query itself (4xx): asking again the same way cannot help. */
        CATALOG_REJECTED(false),
        /** The shared cache (database row or storage) could not be used, or another worker held the claim too long. */
        CATALOG_CACHE_UNAVAILABLE(true),
        /**
         * A catalogue mirror lacks a pixel the cone touches, holds a corrupt file or the wrong columns: the operator
         * must complete or rebuild it (the message names the pixel, file or column).
         */
        CATALOG_MIRROR_INCOMPLETE(false);

        private final boolean retriable;

        Reason(boolean retriable) {
            this.retriable = retriable;
        }

        public boolean retriable() {
            return retriable;
        }
    }

    private final Catalogue catalogue;
    private final TileId tile;
    private final Reason reason;

    public NeighbourhoodUnavailableException(Catalogue catalogue, TileId tile, Reason reason, String message, Throwable cause) {
        super(catalogue.label() + " neighbourhood of " + tile + " unavailable (" + reason + "): " + message, cause);
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.tile = Objects.requireNonNull(tile, "tile");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public TileId tile() {
        return tile;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether a later attempt of the step may succeed. */
    public boolean isRetriable() {
        return reason.retriable();
    }

    /** The stage failure this becomes: transient (retry the step) or permanent (FAILED + DLQ), reason = the code. */
    public StageException toStageException() {
        return isRetriable()
                ? new TransientStageException(reason.name(), getMessage(), this)
                : new PermanentStageException(reason.name(), getMessage(), this);
    }
}
