package org.vasco.common.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The last gate of an artefact on its way into place: moves a complete file to its final path only while the step
 * attempt that made it still holds its claim, so that a worker whose lease was taken over (paused, partitioned, or a
 * stage that ignored its cancellation) can never replace the artefacts of the step's new owner, even after that owner
 * committed. Stages publish every artefact of their tile through the fence their
 * {@link org.vasco.common.stage.StageContext} hands them; {@link #UNFENCED} is for writers that hold no claim (the
 * local commands, tests).
 *
 * <p>Implementations must check and move under one lock that the claim's owner change also takes, so that "still
 * mine" cannot turn false between the check and the rename.
 */
@FunctionalInterface
public interface ArtefactFence {

    /** Moves atomically, with no claim to check: for writers outside a step. */
    ArtefactFence UNFENCED = ArtefactStore::moveIntoPlace;

    /**
     * Renames the complete file {@code source} to {@code target} (replacing a previous version) if and only if the
     * attempt still holds its step.
     *
     * @throws StaleAttemptException when it does not: {@code target} is left untouched
     * @throws IOException           when the storage refuses the rename, or the claim cannot be checked
     */
    void publish(Path source, Path target) throws IOException;
}
