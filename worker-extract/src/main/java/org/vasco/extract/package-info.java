/**
 * Steps 2–3 of the pipeline (SPEC §5): SExtractor pass 1, PSFEx, SExtractor pass 2 with the
 * reference's bundled configurations, run as child processes in a per-attempt scratch directory,
 * and the pass-2 catalogue read into detections. {@link org.vasco.extract.ExtractionPipeline} is
 * the one code path, used by the cluster stage {@link org.vasco.extract.ExtractStage} and by the
 * local command {@link org.vasco.extract.cli.ExtractCommand}.
 */
package org.vasco.extract;
