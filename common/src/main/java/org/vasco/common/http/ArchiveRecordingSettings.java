package org.vasco.common.http;

import java.nio.file.Path;
import java.util.List;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;

/**
 * The two settings that make every archive client of a process record its exchanges or replay a recording instead of
 * using the network ({@link ArchiveRecording}); read by {@link ArchiveSettings#service} for every archive alike.
 */
public final class ArchiveRecordingSettings {

    public static final Setting<Path> RECORD = Setting.path("VASCO_ARCHIVE_RECORD", null,
            "Directory where every remote-archive exchange of this process is kept (request, status, headers, body as"
                    + " received) so the run can be replayed offline; ./vasco run --record DIR sets it. Unset: nothing is kept");
    public static final Setting<Path> REPLAY = Setting.path("VASCO_ARCHIVE_REPLAY", null,
            "Directory of a recorded run whose archive replies are served, byte for byte, instead of the network; a"
                    + " request the recording lacks fails its step, naming the request. ./vasco up --sky replay:DIR sets it");

    private ArchiveRecordingSettings() {
    }

    /**
     * The recording mode {@code env} asks for.
     *
     * @throws ConfigurationException when both a recording and a replay are asked for
     */
    public static ArchiveRecording recording(Environment env) {
        boolean record = env.isSet(RECORD);
        boolean replay = env.isSet(REPLAY);
        if (record && replay) {
            throw new ConfigurationException(RECORD.name() + " and " + REPLAY.name() + " are both set: a process either"
                    + " records the archives' replies or replays a recording, not both");
        }
        if (record) {
            return ArchiveRecording.recordTo(env.get(RECORD));
        }
        return replay ? ArchiveRecording.replayFrom(env.get(REPLAY)) : ArchiveRecording.NONE;
    }

    public static List<Setting<?>> all() {
        return List.of(RECORD, REPLAY);
    }
}
