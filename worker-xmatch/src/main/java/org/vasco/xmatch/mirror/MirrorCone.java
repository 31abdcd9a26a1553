package org.vasco.xmatch.mirror;

import java.util.List;
import org.vasco.common.catalog.Catalogue;

/**
 * One cone answered by a mirror.
 *
 * @param catalogue   the catalogue served
 * @param rows        rows aligned with {@link Catalogue#columns()}, nearest first, text as VizieR prints it
 * @param files       Parquet files read
 * @param rowsScanned rows the engine returned before the exact angular cut
 */
public record MirrorCone(Catalogue catalogue, List<String[]> rows, int files, long rowsScanned) {
}
