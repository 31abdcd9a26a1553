/**
 * The extraction itself, one code path for the cluster steps and the local commands:
 * {@link org.vasco.extract.pipeline.ExtractionPipeline} (pass 1 → PSFEx → pass 2, or the fast path's position pass,
 * artefacts placed only when all succeeded), {@link org.vasco.extract.pipeline.SurvivorMeasurement} (the fast path's
 * measure pass on the veto survivors, read from {@link org.vasco.extract.pipeline.VetoSurvivors}), their results and
 * the failure kinds of {@link org.vasco.extract.pipeline.ExtractionException}. Works on paths it is given; it does not
 * know the storage layout, the cluster or the task.
 */
package org.vasco.extract.pipeline;
