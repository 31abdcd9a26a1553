/**
 * The shared artefact storage ({@link org.vasco.common.storage.ArtefactStore}): where a tile's, a catalogue's and a
 * run's files live below one root, built only from validated ids, and written so that a file reaches its final path
 * complete or not at all.
 */
package org.vasco.common.storage;
