package org.vasco.local.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.options.HomeOption;

/**
 * Where the bench commands keep their clusters: {@code <home>/bench/<name>}, emptied before each use so every
 * measurement starts from a new broker, database and artefact store.
 */
final class BenchHome {

    private BenchHome() {
    }

    /** A fresh state directory for one bench cluster under the VASCO home. */
    static Path freshState(CliContext context, HomeOption home, String name) throws IOException {
        return LocalCluster.freshStateDirectory(home.directory(context).resolve("bench").resolve(name));
    }
}
