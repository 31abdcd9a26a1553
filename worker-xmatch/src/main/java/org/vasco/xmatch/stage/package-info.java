/**
 * The XMATCH tile stage: reads a tile's pass-2 detections, its catalogue neighbourhoods and its plate
 * epoch through small interfaces, runs {@link org.vasco.xmatch.science.CatalogueVeto}, writes the
 * per-tile artefacts under {@code tiles/<tile_id>/xmatch/} and returns the {@code tile_summary} and
 * {@code candidate} rows as database effects committed with the step.
 */
package org.vasco.xmatch.stage;
