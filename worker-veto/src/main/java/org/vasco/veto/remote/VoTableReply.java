package org.vasco.veto.remote;

import uk.ac.starlink.table.StarTable;

/**
 * A parsed VOTable reply.
 *
 * @param queryStatus the {@code INFO name="QUERY_STATUS"} value (OK, ERROR, OVERFLOW) or null when absent
 * @param statusText  that INFO's text (the error message)
 * @param table       the first TABLE, or null when the document has none
 */
public record VoTableReply(String queryStatus, String statusText, StarTable table) {

    public boolean isError() {
        return "ERROR".equalsIgnoreCase(queryStatus);
    }

    /** TAP services mark a truncated result with OVERFLOW: for a veto that is as bad as an error. */
    public boolean isOverflow() {
        return "OVERFLOW".equalsIgnoreCase(queryStatus);
    }
}
