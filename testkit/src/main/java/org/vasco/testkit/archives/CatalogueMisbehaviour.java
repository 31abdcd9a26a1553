package org.vasco.testkit.archives;

/**
 * The ways a catalogue service (VizieR, MAST) lets its clients down, as seen in production
 * (SPEC §6.3, §12 #11–#13). A loopback server can be told to misbehave for a number of requests.
 */
public enum CatalogueMisbehaviour {
    /** Answer normally. */
    NONE,
    /** HTTP 200 with an HTML error page instead of a table. */
    GARBAGE,
    /** HTTP 500 with a short error text. */
    HTTP_500,
    /** Hold the reply until well past any sensible client timeout (released when the server stops). */
    SLOW,
    /** HTTP 200 with the comment block but no table at all (VizieR) or an empty body (MAST). */
    EMPTY,
    /** A well-formed table whose position columns carry unexpected names. */
    WRONG_COLUMNS,
    /** Declares the full Content-Length, sends half of the body, then closes the connection. */
    TRUNCATED_STREAM,
    /** HTTP 429 with a {@code Retry-After} header (throttling). */
    TOO_MANY_REQUESTS,
    /** HTTP 503 with a {@code Retry-After} header (down for maintenance or overloaded). */
    SERVICE_UNAVAILABLE
}
