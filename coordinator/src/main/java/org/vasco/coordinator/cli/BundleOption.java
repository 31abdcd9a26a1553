package org.vasco.coordinator.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --bundle DIR}: read a run from its bundle instead of a cluster ({@code vasco report}, {@code vasco candidates}).
 * Without it, a run no reachable cluster knows is read from {@code .vasco/runs/<run>/} when its bundle is there
 * ({@link ClusterCommand#openRun}). A picocli mixin ({@code @Mixin BundleOption bundle}).
 */
public final class BundleOption {

    @Option(names = "--bundle", paramLabel = "DIR", description = "Read the run from its bundle DIR (runs/<run>/ in the"
            + " storage, written when the run was finalised) instead of a cluster. Default: the cluster, or"
            + " .vasco/runs/<run>/ when no cluster is running or it does not know the run.")
    Path directory;

    /** The directory named, if any. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }
}
