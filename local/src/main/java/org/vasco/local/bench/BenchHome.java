package org.vasco.local.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.local.demo.DemoCommand;

/**
 * Where the bench commands keep their clusters: {@code <home>/bench/<name>}, emptied before each use so every
 * measurement starts from a new broker, database and artefact store.
 */
final class BenchHome {

    private BenchHome() {
    }

    /** A fresh state directory for one bench cluster; {@code home} null means {@code .vasco} at the repository root. */
    static Path freshState(CliContext context, Path home, String name) throws IOException {
        Path root;
        if (home != null) {
            root = home.toAbsolutePath().normalize();
        } else {
            String h = context.cluster().environment().asMap().get(ClusterLocator.HOME_VARIABLE);
            Path base = h == null || h.isBlank() ? context.cluster().workingDirectory() : Path.of(h);
            root = base.resolve(ClusterLocator.STATE_DIRECTORY).toAbsolutePath().normalize();
        }
        return DemoCommand.freshClusterDirectory(root.resolve("bench").resolve(name));
    }
}
