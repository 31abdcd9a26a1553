/**
 * The shared artefact storage and the layout of a tile's artefacts in it: {@link org.vasco.common.storage.ArtefactStore}
 * (paths below one root, atomic writes), {@link org.vasco.common.storage.TileArtefacts} (every area and file a step
 * writes or reads under {@code tiles/<tile_id>/}, and the one lookup of the raw image),
 * {@link org.vasco.common.storage.TileArea} and {@link org.vasco.common.storage.ArtefactFile} (the directory and file
 * names, also used by the local commands' output directories), {@link org.vasco.common.storage.ArtefactFence} (the gate
 * a step's artefact passes into place only while the step's attempt holds its claim), {@link org.vasco.common.storage.RunArtefacts}
 * and {@link org.vasco.common.storage.RunFile} (a run's bundle under {@code runs/<run_id>/}). The names live here and
 * nowhere else.
 */
package org.vasco.common.storage;
