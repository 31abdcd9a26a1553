package org.vasco.coordinator.finalise;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 CSV lines as every CSV file of a run's results is written ({@code vasco candidates --format csv} and the
 * bundle's tables): cells holding a comma, a quote or a line break are quoted, quotes doubled; lines end in CRLF;
 * null is an empty cell. Stateless.
 */
public final class CsvTable {

    private CsvTable() {
    }

    /** Writes one line of cells. */
    public static void line(Writer w, List<?> cells) throws IOException {
        for (int k = 0; k < cells.size(); k++) {
            if (k > 0) {
                w.write(',');
            }
            Object value = cells.get(k);
            String cell = value == null ? "" : value.toString();
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                w.write('"' + cell.replace("\"", "\"\"") + '"');
            } else {
                w.write(cell);
            }
        }
        w.write("\r\n");
    }
}
