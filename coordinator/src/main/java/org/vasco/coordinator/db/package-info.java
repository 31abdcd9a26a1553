/** Loading the plate metadata and the tessellation plan into the {@code plate} and {@code tile} tables. */
package org.vasco.coordinator.db;
