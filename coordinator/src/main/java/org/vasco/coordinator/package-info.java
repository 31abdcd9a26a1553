/**
 * The coordinator's container entry point, {@link org.vasco.coordinator.CoordinatorMain}: its own {@code vasco}
 * subcommands without the embedded services of the local distribution.
 */
package org.vasco.coordinator;
