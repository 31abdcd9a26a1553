package org.vasco.common.storage;

import java.io.IOException;
import java.nio.file.Files;
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
public interface ArtefactFence {

    /** Moves and removes at once, with no claim to check: for writers outside a step. */
    ArtefactFence UNFENCED = new ArtefactFence() {
        @Override
        public void publish(Path source, Path target) throws IOException {
            ArtefactStore.moveIntoPlace(source, target);
        }

        @Override
        public void withdraw(Path target) throws IOException {
            Files.deleteIfExists(target);
        }

        @Override
        public String toString() {
            return "ArtefactFence.UNFENCED";
        }
    };

    /**
     * Renames the complete file {@code source} to {@code target} (replacing a previous version) if and only if the
     * attempt still holds its step.
     *
     * @throws StaleAttemptException when it does not: {@code target} is left untouched
     * @throws IOException           when the storage refuses the rename, or the claim cannot be checked
     */
    void publish(Path source, Path target) throws IOException;

    /**
     * Removes the artefact at {@code target}, if there is one, if and only if the attempt still holds its step (a step
     * that replaces one kind of output by another removes the other).
     *
     * @throws StaleAttemptException when it does not: {@code target} is left untouched
     */
    void withdraw(Path target) throws IOException;
}
