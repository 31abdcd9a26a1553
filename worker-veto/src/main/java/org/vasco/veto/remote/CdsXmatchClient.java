package org.vasco.veto.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveResponse;
import uk.ac.starlink.table.StarTable;

/**
 * The CDS X-Match synchronous API: uploads a positions table and cross-matches it with a VizieR table
 * (what STILTS {@code cdsskymatch} does for the reference's GSC stage, SPEC §9.4). Thread-safe.
 */
public final class CdsXmatchClient {

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
                .field("RESPONSEFORMAT", "votable")
                .field("colRA1", "ra")
                .field("colDec1", "dec")
                .field("cat2", "vizier:" + vizierTable)
                .file("cat1", "candidates.xml", "application/x-votable+xml", uploadVotable);
        ArchiveResponse response = client.post(form.bytes(), form.contentType());
        String source = "CDS X-Match at " + response.uri();
        VoTableReply reply = VoTables.parse(response.body(), source);
        if (reply.isError()) {
            throw new IOException(source + " reported an error: " + reply.statusText());
        }
        StarTable table = reply.table();
        if (table == null) {
            throw new IOException(source + " answered without a result TABLE");
        }
        int dist = VoTables.column(table, "angDist");
        int row = VoTables.column(table, "row_id");
        int id = VoTables.column(table, idColumn);
        if (dist < 0 || row < 0) {
            throw new IOException(source + " result lacks angDist/row_id columns");
        }
        List<XmatchPair> pairs = new ArrayList<>();
        for (Object[] r : VoTables.rows(table)) {
            if (!(r[row] instanceof Number rowId) || !(r[dist] instanceof Number sep)) {
                throw new IOException(source + " returned a row without a numeric row_id/angDist");
            }
            pairs.add(new XmatchPair(rowId.intValue(), sep.doubleValue(), id < 0 || r[id] == null ? null : r[id].toString()));
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
