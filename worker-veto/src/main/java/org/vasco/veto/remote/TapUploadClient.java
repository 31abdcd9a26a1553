package org.vasco.veto.remote;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveResponse;
import uk.ac.starlink.table.StarTable;

/**
 * Synchronous TAP queries with one uploaded table (TAP 1.1 / DALI upload as a multipart file part), the way
 * the reference's STILTS {@code tapquery} and curl calls do it (SPEC §9.6, §9.7). Replies are read as VOTable;
 * an {@code INFO QUERY_STATUS=ERROR} or {@code OVERFLOW} is a failure, never an empty result.
 * Thread-safe.
 */
public final class TapUploadClient {

    /** Name of the uploaded table; queries refer to it as {@code TAP_UPLOAD.t1}. */
    public static final String UPLOAD_NAME = "t1";

    private final ArchiveClient client;

    public TapUploadClient(ArchiveClient client) {
        this.client = client;
    }

    public String serviceName() {
        return client.service().name();
    }

    /**
     * Runs {@code adql} with {@code votable} uploaded as {@code TAP_UPLOAD.t1} and returns, per
     * {@code row_id} in the result, the value of {@code countColumn} (or 1 when {@code countColumn} is null).
     *
     * @throws org.vasco.common.http.ArchiveException when the service fails after its retries
     * @throws IOException when the reply is not a usable VOTable, reports an error or was truncated
     */
    public Map<Integer, Long> countsByRowId(String adql, byte[] votable, String countColumn)
            throws IOException, InterruptedException {
        MultipartForm form = new MultipartForm()
                .field("REQUEST", "doQuery")
                .field("LANG", "ADQL")
                .field("FORMAT", "votable")
                .field("MAXREC", "1000000")
                .field("QUERY", adql)
                .field("UPLOAD", UPLOAD_NAME + ",param:" + UPLOAD_NAME)
                .file(UPLOAD_NAME, UPLOAD_NAME + ".xml", "application/x-votable+xml", votable);
        ArchiveResponse response = client.post(form.bytes(), form.contentType());
        String source = serviceName() + " TAP at " + response.uri();
        VoTableReply reply = VoTables.parse(response.body(), source);
        if (reply.isError()) {
            throw new IOException(source + " reported QUERY_STATUS=ERROR: " + reply.statusText());
        }
        if (reply.isOverflow()) {
            throw new IOException(source + " truncated the result (QUERY_STATUS=OVERFLOW); use smaller uploads");
        }
        StarTable table = reply.table();
        if (table == null) {
            throw new IOException(source + " answered without a result TABLE");
        }
        int idColumn = VoTables.column(table, "row_id");
        int count = countColumn == null ? -1 : VoTables.column(table, countColumn);
        if (idColumn < 0 || (countColumn != null && count < 0)) {
            throw new IOException(source + " result lacks the row_id" + (countColumn == null ? "" : "/" + countColumn)
                    + " column(s)");
        }
        Map<Integer, Long> counts = new HashMap<>();
        for (Object[] row : VoTables.rows(table)) {
            if (!(row[idColumn] instanceof Number id)) {
                throw new IOException(source + " returned a non-numeric row_id: " + row[idColumn]);
            }
            long n = count < 0 ? 1 : ((Number) row[count]).longValue();
            counts.merge(id.intValue(), n, Long::sum);
        }
        return counts;
    }
}
