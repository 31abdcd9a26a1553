package org.vasco.common.http;

/**
 * A recording of archive exchanges could not serve its purpose: an exchange could not be kept (retriable: the disk
 * may recover), or a kept exchange cannot be replayed as recorded (permanent). The message names the recording file.
 */
public class RecordingException extends ArchiveException {

    RecordingException(String service, boolean retriable, String message, Throwable cause) {
        super(service, 0, retriable, message, cause);
    }
}
