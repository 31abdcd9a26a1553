package org.vasco.common.http;

import java.io.IOException;

/**
 * How one attempt of a request gets its reply: over the network, over the network while recording, or out of a
 * recording. Retries, rate limits, gzip decoding and metrics stay in {@link ArchiveClient}, identical for all three.
 */
@FunctionalInterface
interface ArchiveTransport {

    /**
     * @throws IOException when no reply came (timeout, refused connection, broken transfer): retried by the client;
     *                     an {@link ArchiveException} is permanent and is not
     */
    RawReply exchange(ArchiveRequest request) throws IOException, InterruptedException;
}
