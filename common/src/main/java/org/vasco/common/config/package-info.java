/**
 * Configuration, defined once: every {@code VASCO_…} key as a typed {@link org.vasco.common.config.Setting} with its
 * default and documentation (docs/configuration.md is generated from them), the {@link org.vasco.common.config.Environment}
 * they are read from, the settings every service shares, and the connections to the broker and the database, whose
 * secrets never reach a log line.
 */
package org.vasco.common.config;
