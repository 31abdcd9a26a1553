package org.vasco.testkit.archives;

/** How a stand-in archive misbehaves when told to. */
public enum ServiceFault {
    /** HTTP 500 with an HTML error page. */
    HTTP_500,
    /** HTTP 503 with a Retry-After of 0 s (a busy service). */
    HTTP_503,
    /** HTTP 200 with a body that is not what the protocol promises. */
    GARBAGE,
    /** No answer until well after any sane client timeout. */
    SLOW,
    /** HTTP 200 with a VOTable carrying {@code INFO QUERY_STATUS=ERROR} (the service ran and failed). */
    QUERY_ERROR
}
