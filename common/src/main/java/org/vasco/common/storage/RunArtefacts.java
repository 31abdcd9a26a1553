package org.vasco.common.storage;

import java.nio.file.Path;
import java.util.Objects;
import org.vasco.common.task.RunId;

/**
 * The layout of one run's bundle in a storage: {@code runs/<run_id>/} with the {@link RunFile}s. The coordinator's
 * bundles live in the shared storage; a local run's ({@code vasco demo}, {@code vasco run}) are copied to
 * {@code .vasco/runs/<run_id>/}, where {@code vasco report} and {@code vasco candidates} find them without a cluster.
 * Paths only. Immutable and thread-safe.
 */
public final class RunArtefacts {

    private final ArtefactStore store;
    private final String runId;

    public RunArtefacts(ArtefactStore store, String runId) {
        this.store = Objects.requireNonNull(store, "store");
        this.runId = RunId.validate(runId);
    }

    public String runId() {
        return runId;
    }

    /** {@code runs/<run_id>}: the bundle, replaced whole by {@link ArtefactStore#replaceDirectory}. */
    public Path directory() {
        return store.runDir(runId);
    }

    /** One file of the bundle. */
    public Path file(RunFile file) {
        return file.in(directory());
    }

    @Override
    public String toString() {
        return "bundle of run " + runId + " in " + directory();
    }
}
