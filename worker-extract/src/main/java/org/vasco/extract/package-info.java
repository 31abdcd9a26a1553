/**
 * The extract worker (SPEC §5): {@link org.vasco.extract.ExtractWorker} wires the extract and measure steps
 * ({@code stage}) to the service. The steps run the extraction pipeline ({@code pipeline}: SExtractor pass 1, PSFEx,
 * SExtractor pass 2 or the fast path's position pass, and the measure pass on the veto survivors), which runs the
 * tools ({@code tool}) with the reference's bundled configurations ({@code config}); {@code cli} holds the local
 * command {@code vasco extract} on the same pipeline. Packages depend downwards only: stage → pipeline → tool →
 * config.
 */
package org.vasco.extract;
