/**
 * The cuts that follow measurement, on one tile's USNO-B veto remainder: the late filters (SPEC §6.6–6.7,
 * including the population-dependent robust clip) and the bright-star spike cut (SPEC §6.8), run together by
 * {@link org.vasco.common.late.LateCuts}. Pure science: no Kafka, JDBC or files. The veto step runs them at the
 * start of every tile in both run modes, and {@code vasco process} runs the same code locally.
 */
package org.vasco.common.late;
