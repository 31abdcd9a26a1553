package org.vasco.xmatch.catalog;

/**
 * What it took to get one complete neighbourhood; stored in the {@code catalog_cache} row.
 *
 * @param requests        HTTP requests that produced a table (retries inside the HTTP client not counted)
 * @param rowsReceived    data rows received over all requests and pages, before dedup and filtering
 * @param rowsUnparsed    received rows skipped because their position did not parse
 * @param rows            rows in the final neighbourhood
 * @param split           whether a capped reply forced the cone to be split
 * @param splitDepth      deepest split level used (0 = the original cone was enough)
 * @param pages           pages read (MAST), 0 for VizieR
 * @param outsideCoverage the catalogue does not cover this sky: legitimately empty, nothing was asked
 * @param source          where the rows came from (VizieR, MAST, or a mirror's layout and place with its manifest's summary), or
 *                        null until {@link CatalogueSources} says; a run bundle's provenance lists it per catalogue
 */
public record FetchReport(int requests, long rowsReceived, int rowsUnparsed, int rows, boolean split, int splitDepth,
                          int pages, boolean outsideCoverage, String source) {

    /** A report whose source {@link CatalogueSources} adds. */
    public FetchReport(int requests, long rowsReceived, int rowsUnparsed, int rows, boolean split, int splitDepth,
                       int pages, boolean outsideCoverage) {
        this(requests, rowsReceived, rowsUnparsed, rows, split, splitDepth, pages, outsideCoverage, null);
    }

    /** The same report from {@code from}. */
    public FetchReport from(String from) {
        return new FetchReport(requests, rowsReceived, rowsUnparsed, rows, split, splitDepth, pages, outsideCoverage, from);
    }
}
