/**
 * The tile identifier of the tessellation plan ({@link org.vasco.common.tile.TileId}, SPEC §2.3): the one gate every
 * tile id passes before it reaches a path, a SQL statement or a URL. Pure data: no Kafka, JDBC or files.
 */
package org.vasco.common.tile;
