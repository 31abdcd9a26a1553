package org.vasco.xmatch.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.catalog.BrightStarList;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveException;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException.Reason;

/**
 * The bright-star list of the diffraction-spike cut (SPEC §6.8) from the MAST PS1 DR2 API:
 * {@code mean.csv?ra&dec&radius=0.75&nDetections.gte=2&columns=[objName,raMean,decMean,rMeanPSFMag,nDetections]
 * &pagesize&page&format=csv}. Unlike the reference, which read one page of 100,000 rows and could
 * silently lose stars in dense fields, pages are read until a short one. Kept: stars with a valid
 * rMeanPSFMag ≤ 16 (finite, 0 ≤ m ≤ 50, not a −999 sentinel); out: {@code ra, dec, rmag}.
 *
 * <p>Every page must be a CSV table with the requested columns; an HTML page, a body without a header,
 * ragged rows or a page count beyond the limit fail the fetch after the retries. Thread-safe.
 */
public final class MastBrightStarClient {

    static final List<String> REQUESTED = Catalogue.PS1_BRIGHT.serviceColumns();

    private final ArchiveClient http;
    private final int pageSize;
    private final int maxPages;
    private final int minRows;

    public MastBrightStarClient(ArchiveClient http, int pageSize, int maxPages, int minRows) {
        this.http = http;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
        this.minRows = minRows;
    }

    public MastBrightStarClient(ArchiveClient http, CatalogueSettings settings) {
        this(http, settings.mastPageSize(), settings.mastMaxPages(), settings.minRows());
    }

    /**
     * Every PS1 star with r ≤ 16 within {@code radiusDeg} of the position.
     *
     * @throws NeighbourhoodUnavailableException when a page could not be had or read, or the pages never end
     */
    public FetchedNeighbourhood fetch(TileId tile, double raDeg, double decDeg, double radiusDeg)
            throws NeighbourhoodUnavailableException, InterruptedException {
        List<String[]> bright = new ArrayList<>();
        long received = 0;
        int unparsed = 0;
        int page = 0;
        while (true) {
            page++;
            if (page > maxPages) {
                throw new NeighbourhoodUnavailableException(Catalogue.PS1_BRIGHT, tile, Reason.CATALOG_TRUNCATED, "MAST still had "
                        + "full pages of " + pageSize + " rows after " + maxPages + " pages; raise VASCO_MAST_MAX_PAGES", null);
            }
            Page rows = page(tile, raDeg, decDeg, radiusDeg, page);
            received += rows.rowsSeen();
            unparsed += rows.unparsed();
            bright.addAll(rows.bright());
            if (rows.rowsSeen() < pageSize) {
                break;
            }
        }
        if (received < minRows) {
            throw new NeighbourhoodUnavailableException(Catalogue.PS1_BRIGHT, tile, Reason.CATALOG_EMPTY, "MAST returned "
                    + received + " PS1 objects within " + radiusDeg + " deg of (" + raDeg + ", " + decDeg + "); at least "
                    + minRows + " expected inside the PS1 footprint", null);
        }
        FetchReport report = new FetchReport(page, received, unparsed, bright.size(), false, 0, page, false);
        return new FetchedNeighbourhood(new CatalogueNeighbourhood(Catalogue.PS1_BRIGHT, raDeg, decDeg, radiusDeg * 60.0, bright),
                report);
    }

    private Page page(TileId tile, double ra, double dec, double radiusDeg, int page)
            throws NeighbourhoodUnavailableException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("ra", String.format(Locale.ROOT, "%.6f", SkyGeometry.normaliseRa(ra)));
        query.put("dec", String.format(Locale.ROOT, "%.6f", dec));
        query.put("radius", String.format(Locale.ROOT, "%.6f", radiusDeg));
        query.put("nDetections.gte", Integer.toString(BrightStarList.MIN_DETECTIONS));
        query.put("columns", "[" + String.join(",", REQUESTED) + "]");
        query.put("pagesize", Integer.toString(pageSize));
        query.put("page", Integer.toString(page));
        query.put("format", "csv");
        try {
            return ReplyAttempts.run(http.service(), () -> parse(http.get(query).bodyText()));
        } catch (MalformedReplyException e) {
            throw new NeighbourhoodUnavailableException(Catalogue.PS1_BRIGHT, tile, Reason.CATALOG_GARBLED, "MAST page " + page
                    + " of " + http.uri(query) + " after " + http.service().maxAttempts() + " attempt(s): " + e.getMessage(), e);
        } catch (ArchiveException e) {
            throw new NeighbourhoodUnavailableException(Catalogue.PS1_BRIGHT, tile,
                    e.isRetriable() ? Reason.CATALOG_UNREACHABLE : Reason.CATALOG_REJECTED, e.getMessage(), e);
        }
    }

    /** One CSV page: header naming the requested columns, then rows (objName has no commas). */
    static Page parse(String body) throws MalformedReplyException {
        String start = body.stripLeading();
        if (start.isEmpty()) {
            throw new MalformedReplyException("an empty body: not even the CSV header");
        }
        if (start.startsWith("<") || start.startsWith("{")) {
            throw new MalformedReplyException("HTML/JSON instead of CSV: " + UntrustedText.excerpt(start));
        }
        String[] lines = body.split("\n", -1);
        int first = 0;
        while (first < lines.length && (lines[first].isBlank() || lines[first].startsWith("#"))) {
            first++;
        }
        if (first >= lines.length) {
            throw new MalformedReplyException("only comments and blank lines: no CSV header");
        }
        List<String> header = Arrays.stream(strip(lines[first]).split(",", -1)).map(String::trim).toList();
        int ra = header.indexOf("raMean");
        int dec = header.indexOf("decMean");
        int mag = header.indexOf("rMeanPSFMag");
        if (ra < 0 || dec < 0 || mag < 0) {
            throw new MalformedReplyException("the CSV header lacks raMean, decMean or rMeanPSFMag (header: " + header + ")");
        }
        List<String[]> bright = new ArrayList<>();
        int seen = 0;
        int unparsed = 0;
        for (int n = first + 1; n < lines.length; n++) {
            String line = strip(lines[n]);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.size()) {
                throw new MalformedReplyException("row at line " + (n + 1) + " has " + cells.length + " cells, the header has "
                        + header.size() + ": a cut or garbled page");
            }
            seen++;
            double r = number(cells[ra]);
            double d = number(cells[dec]);
            if (!Double.isFinite(r) || !Double.isFinite(d)) {
                unparsed++;
                continue;
            }
            double m = number(cells[mag]);
            if (BrightStarList.isValidMagnitude(m) && m <= BrightStarList.LIMIT_MAG) {
                bright.add(new String[] {cells[ra].trim(), cells[dec].trim(), cells[mag].trim()});
            }
        }
        return new Page(bright, seen, unparsed);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    record Page(List<String[]> bright, int rowsSeen, int unparsed) {
    }
}
