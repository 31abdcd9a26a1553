/**
 * Loopback stand-ins for the remote archives, speaking each service's real protocol (including its failures):
 * the post-stage services (CDS X-Match, SkyBoT, TAP with upload) are backed by an {@link org.vasco.testkit.archives.ArchiveSky}.
 */
package org.vasco.testkit.archives;
