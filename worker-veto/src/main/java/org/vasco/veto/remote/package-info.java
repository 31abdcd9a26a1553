/**
 * Clients of the remote services behind the post stages: CDS X-Match, SkyBoT and TAP with a VOTable upload.
 * Every request goes through {@link org.vasco.common.http.ArchiveClient}; VOTables are written and read with STIL.
 */
package org.vasco.veto.remote;
