package org.vasco.xmatch.catalog;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.task.TileTask;

/**
 * Presents a {@link NeighbourhoodSource} as the cross-match stage's
 * {@link org.vasco.xmatch.stage.NeighbourhoodSource}: tile and centre come from the task, and a
 * {@link NeighbourhoodUnavailableException} travels as the cause of a {@link NeighbourhoodIOException}
 * so the stage fails the attempt without losing the reason code. Thread-safe when the source is.
 */
public final class TaskNeighbourhoods implements org.vasco.xmatch.stage.NeighbourhoodSource {

    private final NeighbourhoodSource source;

    public TaskNeighbourhoods(NeighbourhoodSource source) {
        this.source = source;
    }

    @Override
    public CatalogueNeighbourhood neighbourhood(Catalogue catalogue, TileTask task) throws IOException {
        try {
            return source.neighbourhood(catalogue, task.tile(), task.raDeg(), task.decDeg());
        } catch (NeighbourhoodUnavailableException e) {
            throw new NeighbourhoodIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while getting the " + catalogue.label()
                    + " neighbourhood of " + task.tileId());
            io.initCause(e);
            throw io;
        }
    }

    /** The I/O face of a {@link NeighbourhoodUnavailableException}. */
    public static final class NeighbourhoodIOException extends IOException {

        public NeighbourhoodIOException(NeighbourhoodUnavailableException cause) {
            super(cause.getMessage(), cause);
        }

        public NeighbourhoodUnavailableException unavailable() {
            return (NeighbourhoodUnavailableException) getCause();
        }
    }
}
