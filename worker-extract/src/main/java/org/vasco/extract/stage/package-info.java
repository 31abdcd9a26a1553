/**
 * The extract worker's steps: {@link org.vasco.extract.stage.ExtractStage} (EXTRACT) and
 * {@link org.vasco.extract.stage.MeasureStage} (MEASURE, the fast path), each a {@code TileStage} that finds its
 * inputs and outputs through the tile's artefact layout ({@code TileArtefacts}), runs the pipeline and maps its
 * failures to retryable or permanent stage exceptions.
 */
package org.vasco.extract.stage;
