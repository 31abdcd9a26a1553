/**
 * The science of step 4 (SPEC §6), pure and transport-free: 30′ circle, epoch propagation, WCSFIX,
 * the Gaia → PS1 → USNO-B veto chain and the high-proper-motion flag, run in the SPEC §6.1 order by
 * {@link org.vasco.xmatch.science.CatalogueVeto}. Nothing here touches Kafka, JDBC or files; thresholds come in as
 * {@link org.vasco.xmatch.science.CatalogueVetoParameters}.
 * The late filters and the bright-star cut run after measurement ({@code org.vasco.common.late}).
 */
package org.vasco.xmatch.science;
