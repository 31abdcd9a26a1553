/**
 * {@code vasco catalog mirror build|verify} and {@code vasco catalog cone}: the commands over the catalogue mirrors
 * of worker-xmatch. They live in the local distribution because building a mirror for the plan's footprint needs the
 * coordinator's tessellation, which no worker may depend on.
 */
package org.vasco.local.catalog;
