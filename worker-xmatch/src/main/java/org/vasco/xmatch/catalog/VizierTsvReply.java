package org.vasco.xmatch.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.text.UntrustedText;

/**
 * One parsed VizieR asu-tsv reply (SPEC §6.3): {@code #} comment lines and blank lines are dropped;
 * the first other line is the column-name header, followed by the unit line and the dash separator
 * line; then one tab-separated line per row. The header must name every column of
 * {@link Catalogue#serviceColumns()} (in any order); each row must have as many cells as the header.
 * Rows whose RA or Dec does not parse are skipped, as the reference does, but counted.
 * A reply with a comment block and no table at all is an empty table ({@link #hasTable()} false).
 *
 * @param rows        rows aligned with {@link Catalogue#columns()}, values as sent (trimmed)
 * @param rowsSeen    data lines in the reply, including skipped ones: what counts against {@code -out.max}
 * @param rowsSkipped data lines whose position did not parse
 * @param hasTable    whether the reply contained a table header at all
 * @param overflow    whether the server's comments said the result was truncated
 */
record VizierTsvReply(List<String[]> rows, int rowsSeen, int rowsSkipped, boolean hasTable, boolean overflow) {

    static VizierTsvReply parse(Catalogue catalogue, String body) throws MalformedReplyException {
        String start = body.stripLeading();
        if (start.startsWith("<")) {
            throw new MalformedReplyException("an HTML/XML page instead of tab-separated values: " + UntrustedText.excerpt(start));
        }
        List<String> wanted = catalogue.serviceColumns();
        String[] lines = body.split("\n", -1);
        int[] index = null;
        int headerWidth = 0;
        int afterHeader = -1;
        boolean overflow = false;
        List<String[]> rows = new ArrayList<>();
        int seen = 0;
        int skipped = 0;
        int raCol = catalogue.columns().indexOf("ra");
        int decCol = catalogue.columns().indexOf("dec");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            if (line.startsWith("#")) {
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                overflow |= upper.contains("OVERFLOW") || upper.contains("TRUNCATED");
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (index == null) {
                String[] header = line.split("\t", -1);
                headerWidth = header.length;
                index = new int[wanted.size()];
                List<String> names = Arrays.stream(header).map(String::trim).toList();
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < wanted.size(); i++) {
                    index[i] = names.indexOf(wanted.get(i));
                    if (index[i] < 0) {
                        missing.add(wanted.get(i));
                    }
                }
                if (!missing.isEmpty()) {
                    throw new MalformedReplyException("the table header lacks " + missing + " (header: " + names + ")");
                }
                afterHeader = 0;
                continue;
            }
            if (afterHeader < 2) {
                afterHeader++;
                // The unit line, then the dash line; a table without them is not VizieR's format.
                if (line.replace("\t", "").replace(" ", "").chars().allMatch(ch -> ch == '-')) {
                    afterHeader = 2;
                    continue;
                }
                if (afterHeader == 1) {
                    continue;
                }
                throw new MalformedReplyException("no '---' separator line after the header and unit lines (line " + (n + 1) + ")");
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != headerWidth) {
                throw new MalformedReplyException("row at line " + (n + 1) + " has " + cells.length + " cells, the header has "
                        + headerWidth + ": a cut or garbled table");
            }
            seen++;
            String[] row = new String[wanted.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = cells[index[i]].trim();
            }
            if (!isNumber(row[raCol]) || !isNumber(row[decCol])) {
                skipped++;
                continue;
            }
            rows.add(row);
        }
        if (index != null && afterHeader < 2) {
            throw new MalformedReplyException("the table ends before its '---' separator line");
        }
        return new VizierTsvReply(rows, seen, skipped, index != null, overflow);
    }

    private static boolean isNumber(String text) {
        if (text.isEmpty()) {
            return false;
        }
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
