package org.vasco.testkit.archives;

/**
 * The ways the loopback DSS server can fail a request, each one a failure seen from the real archive
 * (or from the network in front of it).
 */
public enum Misbehaviour {
    /** HTTP 200 with an HTML error page instead of FITS (what STScI sends for positions it cannot serve). */
    HTML_200,
    /** HTTP 429 with a {@code Retry-After} header (throttling). */
    TOO_MANY_REQUESTS,
    /** HTTP 503 (service unavailable). */
    SERVICE_UNAVAILABLE,
    /** The reply is held back longer than any sensible client timeout, then the normal FITS is sent. */
    SLOW,
    /** HTTP 200 with only the first part of the FITS file (a consistent Content-Length: a cut proxy or cache). */
    TRUNCATED,
    /** HTTP 200 with an empty body. */
    EMPTY_BODY,
    /** A complete FITS file whose {@code SURVEY} is not POSS-I E (another survey's plate). */
    NON_POSS_SURVEY,
    /** A complete FITS file whose header carries neither a CD/CDELT WCS nor a DSS plate polynomial. */
    NO_ASTROMETRY,
    /** The FITS file gzip-compressed in the body without a Content-Encoding header (as with {@code c=gz}). */
    GZIP_BODY
}
