/**
 * All traffic with remote archives: {@link org.vasco.common.http.ArchiveClient} (timeouts, retries, rate limits, gzip,
 * size limits, metrics), the settings that locate each archive ({@link org.vasco.common.http.ArchiveSettings}) and
 * the recording of a run's exchanges and their byte-for-byte offline replay
 * ({@link org.vasco.common.http.ArchiveRecording}).
 */
package org.vasco.common.http;
