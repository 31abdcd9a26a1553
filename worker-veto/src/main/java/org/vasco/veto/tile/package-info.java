/**
 * The veto step of the per-tile pipeline: {@link org.vasco.veto.tile.VetoTileStage} runs the post-stage chain
 * on one tile's candidates, and the tile's stored artefacts (pass-2 catalogue, Gaia neighbourhood, raw FITS)
 * back the pixel and PSF stages ({@link org.vasco.veto.tile.StoredPsfStars}, {@link org.vasco.veto.tile.StoredTilePixels}).
 */
package org.vasco.veto.tile;
