/**
 * Loopback stand-ins for the remote archives, each speaking its service's real protocol (query parameters,
 * replies, error pages, throttling, timeouts, truncated bodies) on 127.0.0.1: the DSS cut-out service
 * ({@link org.vasco.testkit.archives.LoopbackDssServer}), VizieR and MAST. Their content comes from small
 * source interfaces ({@link org.vasco.testkit.archives.CutoutSource}, {@link org.vasco.testkit.archives.ConeSource})
 * that the synthetic sky implements, and each can misbehave on demand.
 */
package org.vasco.testkit.archives;
