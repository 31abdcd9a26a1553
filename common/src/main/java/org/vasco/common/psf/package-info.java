/**
 * Where S0M's PSF reference stars can lie (SPEC §9.2): the one geometric predicate shared by the morphology
 * stage, which selects the stars from measured rows, and the fast path's xmatch step, which lists the
 * position-pass detections the measurement pass must measure so that the selection finds every one of them.
 * Pure geometry: no files, Kafka or JDBC.
 */
package org.vasco.common.psf;
