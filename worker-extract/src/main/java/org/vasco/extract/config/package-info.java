/**
 * What an extraction is configured by: the worker's {@code VASCO_EXTRACT_…} settings
 * ({@link org.vasco.extract.config.ExtractSettings}), the bundled reference configuration files of SPEC §5.2–5.5
 * ({@link org.vasco.extract.config.ConfigFile}), a configuration directory replacing some of them and key overrides
 * ({@link org.vasco.extract.config.ConfigOverrides}), and the tools' command lines built from them
 * ({@link org.vasco.extract.config.ExtractionConfig}). No process is started here.
 */
package org.vasco.extract.config;
