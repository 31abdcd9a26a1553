package org.vasco.xmatch.mirror;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files of a mirror, addressed by their path relative to its root ({@code parquet/healpix_5=12/a.parquet}).
 * A local mirror hands out its own files; an object-store mirror fetches a file once into a local cache, so the
 * Parquet engine always reads local files. Thread-safe.
 */
public interface MirrorFiles {

    /** A readable local copy of the file, or empty when the mirror has no such file. */
    Optional<Path> file(String relativePath) throws MirrorException;

    /** The names of the entries (files and directories) directly inside a directory; empty when it does not exist. */
    List<String> list(String relativeDirectory) throws MirrorException;

    /** Where the mirror is, for messages. */
    String describe();

    /** The local files of a directory mirror; the object-store implementation fetches into a cache. */
    static MirrorFiles open(MirrorLocation location, MirrorSettings settings) {
        return location.isS3() ? new S3MirrorFiles(location, settings) : new LocalMirrorFiles(location.directory());
    }
}
