package org.vasco.common.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a remote archive's replies come from. {@link Mode#LIVE}: the network. {@link Mode#RECORD}: the network, and
 * every exchange with it (the request, then the status, headers and body exactly as received, or the failure) is
 * also kept in {@link #directory()}. {@link Mode#REPLAY}: only what a recording in {@link #directory()} holds, byte
 * for byte; the network is never used, and a request the recording lacks fails with a
 * {@link MissingRecordingException} that names it. The directory layout is {@link ArchiveTape}'s.
 *
 * @param mode      live, recording or replaying
 * @param directory the recording's directory; null when live
 */
public record ArchiveRecording(Mode mode, Path directory) {

    /** The network, nothing kept. */
    public static final ArchiveRecording NONE = new ArchiveRecording(Mode.LIVE, null);

    /** How replies are obtained. */
    public enum Mode {
        LIVE, RECORD, REPLAY
    }

    public ArchiveRecording {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.LIVE) != (directory == null)) {
            throw new IllegalArgumentException(mode + " " + (directory == null ? "needs a directory" : "takes no directory"));
        }
        directory = directory == null ? null : directory.toAbsolutePath().normalize();
    }

    /** The network, with every exchange kept in {@code directory}. */
    public static ArchiveRecording recordTo(Path directory) {
        return new ArchiveRecording(Mode.RECORD, Objects.requireNonNull(directory, "directory"));
    }

    /** Only the exchanges kept in {@code directory}. */
    public static ArchiveRecording replayFrom(Path directory) {
        return new ArchiveRecording(Mode.REPLAY, Objects.requireNonNull(directory, "directory"));
    }
}
