/**
 * Loopback stand-ins for the remote archives, each speaking its service's real protocol (query parameters,
 * replies, error pages, throttling, timeouts, truncated bodies) on 127.0.0.1: the DSS cut-out service
 * ({@link org.vasco.testkit.archives.LoopbackDssServer}), VizieR and MAST. Their content comes from small
 * source interfaces ({@link org.vasco.testkit.archives.CutoutSource}, {@link org.vasco.testkit.archives.ConeSource})
 * that the synthetic sky implements, and each can misbehave on demand.
 * <p>
 * The post-stage services — CDS X-Match ({@link org.vasco.testkit.archives.LoopbackCdsXmatchServer}), SkyBoT
 * ({@link org.vasco.testkit.archives.LoopbackSkybotServer}) and TAP with a VOTable upload
 * ({@link org.vasco.testkit.archives.LoopbackTapServer}) — answer from an
 * {@link org.vasco.testkit.archives.ArchiveSky}; {@link org.vasco.testkit.archives.SkyArchives} builds one per
 * archive from the synthetic sky, and {@link org.vasco.testkit.archives.ServiceFault} makes them misbehave.
 * {@link org.vasco.testkit.archives.SyntheticArchives} starts them all for a synthetic cluster; every answer depends on
 * the sky, the plan and the request only, never on what a stand-in served before, so they restart with the cluster.
 * <p>
 * {@link org.vasco.testkit.archives.RecordedReply} holds real replies of the real services, recorded by other public
 * projects (origins and licences in {@code recorded-archives/README.md}): the workers' parsers are tested on them, and
 * the SkyBoT and CDS X-Match stand-ins answer in their shapes.
 */
package org.vasco.testkit.archives;
