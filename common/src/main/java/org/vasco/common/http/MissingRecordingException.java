package org.vasco.common.http;

/**
 * A replayed run made a request its recording does not hold. Permanent: the step fails as it would on an archive
 * error, never with a silently empty reply. The message names the service, the request and the recording.
 */
public final class MissingRecordingException extends RecordingException {

    MissingRecordingException(String service, String message) {
        super(service, false, message, null);
    }
}
