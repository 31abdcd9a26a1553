/**
 * Step 1 of the pipeline (SPEC §3): the DSS cut-out download. {@link org.vasco.download.DssCutoutClient}
 * asks STScI's {@code dss_search} for a tile's cut-out, {@link org.vasco.download.CutoutAcceptance} decides
 * whether the reply is a usable POSS-I E plate cut-out (each rejection a distinct, recorded outcome),
 * {@link org.vasco.download.DownloadStage} stores it atomically under {@code tiles/<tile_id>/raw/} and
 * {@link org.vasco.download.HeaderRegistry} records its header in {@code tile_download}.
 */
package org.vasco.download;
