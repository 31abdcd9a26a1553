/**
 * The one HTTP client for remote archives ({@link org.vasco.common.http.ArchiveClient}: timeouts, retries with
 * backoff, rate limits, bounded reply sizes, metrics), how to reach each archive and how politely
 * ({@link org.vasco.common.http.ArchiveService}, {@link org.vasco.common.http.ArchiveSettings}), the failure
 * that says whether a later attempt may succeed ({@link org.vasco.common.http.ArchiveException}), and the recording
 * of a run's exchanges and their byte-for-byte offline replay ({@link org.vasco.common.http.ArchiveRecording}).
 */
package org.vasco.common.http;
