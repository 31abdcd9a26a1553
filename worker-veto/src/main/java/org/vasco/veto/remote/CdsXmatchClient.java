package org.vasco.veto.remote;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveResponse;
import org.vasco.common.text.UntrustedText;

/**
 * The CDS X-Match synchronous API: uploads a positions table and cross-matches it with a VizieR table
 * (what STILTS {@code cdsskymatch} does for the reference's GSC stage, SPEC §9.4). Thread-safe.
 * <p>
 * The reply is asked for as CSV ({@code RESPONSEFORMAT=csv}), the form of which a real reply is on record
 * (docs/protocols.md): one header line, {@code angDist} (arcsec) first, then the uploaded columns, then the
 * catalogue's; one line per pair; a header alone when nothing matched. The pairs are the same as the VOTable form's.
 */
public final class CdsXmatchClient {

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private final ArchiveClient client;

    public CdsXmatchClient(ArchiveClient client) {
        this.client = client;
    }

    /**
     * All pairs within {@code radiusArcsec} between the uploaded rows and {@code vizierTable}.
     *
     * @param idColumn the catalogue column to report as the counterpart's identifier (may be absent in the reply)
     */
    public List<XmatchPair> match(byte[] uploadVotable, String vizierTable, double radiusArcsec, String idColumn)
            throws IOException, InterruptedException {
        MultipartForm form = new MultipartForm()
                .field("request", "xmatch")
                .field("distMaxArcsec", Double.toString(radiusArcsec))
                .field("RESPONSEFORMAT", "csv")
                .field("colRA1", "ra")
                .field("colDec1", "dec")
                .field("cat2", "vizier:" + vizierTable)
                .file("cat1", "candidates.xml", "application/x-votable+xml", uploadVotable);
        ArchiveResponse response = client.post(form.bytes(), form.contentType());
        return pairs(response.body(), VoTables.ROW_ID, idColumn, "CDS X-Match at " + response.uri());
    }

    /**
     * The pairs of one CSV reply.
     *
     * @param rowColumn the uploaded column that numbers the rows ({@link VoTables#ROW_ID} in our uploads)
     * @param source    names the reply in error messages
     * @throws IOException when the body is not an X-Match CSV table (an HTML page, another header, a ragged or
     *                     non-numeric row)
     */
    static List<XmatchPair> pairs(byte[] body, String rowColumn, String idColumn, String source) throws IOException {
        List<String[]> lines = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(body)) {
            while (it.hasNextValue()) {
                String[] line = it.nextValue();
                if (!(line.length == 1 && line[0].isBlank())) {
                    lines.add(line);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(source + " did not answer with CSV: " + UntrustedText.excerpt(String.valueOf(e.getMessage())),
                    e);
        }
        if (lines.isEmpty()) {
            throw new IOException(source + " answered with an empty body, not even the CSV header");
        }
        List<String> header = Arrays.stream(lines.get(0)).map(String::trim).toList();
        int dist = header.indexOf("angDist");
        int row = header.indexOf(rowColumn);
        int id = header.indexOf(idColumn);
        if (dist < 0 || row < 0) {
            throw new IOException(source + " answered without the angDist/" + rowColumn + " columns: "
                    + UntrustedText.excerpt(String.join(",", header)));
        }
        List<XmatchPair> pairs = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String[] cells = lines.get(n);
            if (cells.length != header.size()) {
                throw new IOException(source + " returned a row of " + cells.length + " cells under a header of "
                        + header.size() + " (line " + (n + 1) + ")");
            }
            try {
                String counterpart = id < 0 || cells[id].isBlank() ? null : cells[id].trim();
                pairs.add(new XmatchPair(Integer.parseInt(cells[row].trim()), Double.parseDouble(cells[dist].trim()), counterpart));
            } catch (NumberFormatException e) {
                throw new IOException(source + " returned a row without a numeric " + rowColumn + "/angDist (line " + (n + 1)
                        + ": " + UntrustedText.excerpt(String.join(",", cells)) + ")", e);
            }
        }
        return pairs;
    }

    /**
     * One cross-match pair.
     *
     * @param rowId          the uploaded row
     * @param angDistArcsec  separation reported by the service
     * @param counterpartId  the catalogue's identifier, when the reply has it
     */
    public record XmatchPair(int rowId, double angDistArcsec, String counterpartId) {
    }
}
