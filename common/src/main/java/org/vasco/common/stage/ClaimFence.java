package org.vasco.common.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.vasco.common.db.Database;
import org.vasco.common.storage.ArtefactFence;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.StaleAttemptException;

/**
 * The {@link ArtefactFence} of one claimed attempt: each artefact is renamed into place inside a transaction that holds
 * the step's {@code run_tile} row locked and has checked that the claim is still this attempt's
 * ({@link StepClaims#holds}). A claim by another worker must take the same row lock, so it happens either before the
 * check (which then fails: nothing is renamed) or after the rename (whose artefact the new owner then replaces with its
 * own before it can commit DONE). A stale worker's late rename can therefore never replace what the new owner committed.
 * Thread-safe.
 */
final class ClaimFence implements ArtefactFence {

    private final Database database;
    private final StepClaims claims;
    private final Claim claim;

    ClaimFence(Database database, StepClaims claims, Claim claim) {
        this.database = database;
        this.claims = claims;
        this.claim = claim;
    }

    @Override
    public void publish(Path source, Path target) throws IOException {
        underClaim("publishing " + target.getFileName(), () -> ArtefactStore.moveIntoPlace(source, target));
    }

    @Override
    public void withdraw(Path target) throws IOException {
        underClaim("removing " + target.getFileName(), () -> Files.deleteIfExists(target));
    }

    /** Runs {@code change} inside a transaction holding the step's row locked, if the claim still holds it. */
    private void underClaim(String what, StorageChange change) throws IOException {
        IOException[] refused = new IOException[1];
        boolean held;
        try {
            held = database.inTransaction(c -> {
                if (!claims.holds(c, claim)) {
                    return false;
                }
                try {
                    change.apply();
                } catch (IOException e) {
                    refused[0] = e; // the storage's failure, not the claim's: reported as such below
                }
                return true;
            });
        } catch (SQLException e) {
            throw new IOException("Cannot check the claim of " + claim.task().step().label() + " on " + claim.task().tileId()
                    + " before " + what + ": " + e.getMessage(), e);
        }
        if (refused[0] != null) {
            throw refused[0];
        }
        if (!held) {
            throw new StaleAttemptException("attempt " + claim.attempt() + " of " + claim.task().step().label() + " on "
                    + claim.task().tileId() + " by " + claim.owner() + " no longer holds the step: not " + what);
        }
    }

    /** One change of the shared storage. */
    @FunctionalInterface
    private interface StorageChange {
        void apply() throws IOException;
    }
}
