package org.vasco.testkit.archives;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Real replies of the real services, recorded by other public projects and kept byte for byte (or trimmed, as
 * {@code recorded-archives/README.md} says) under {@code src/main/resources/recorded-archives/}, with their origin and
 * licence beside them. The workers' parsers are tested on them and the loopback stand-ins are compared with them;
 * docs/protocols.md lists, per protocol, which recording backs it and what is still unconfirmed.
 */
public enum RecordedReply {

    /** IMCCE SkyBoT cone search, {@code -mime=votable -output=all}: four objects (astroquery, 2025). */
    SKYBOT_CONE("skybot/conesearch-4-objects.vot"),
    /** CDS X-Match sync, {@code RESPONSEFORMAT=csv}: uploaded positions × 2MASS, 11 pairs (astroquery, 2014). */
    CDS_XMATCH_CSV("cds-xmatch/xmatch-2mass.csv"),
    /** CDS VizieR VOTable error document: the database unreachable, {@code QUERY_STATUS=ERROR} (astroquery, 2026). */
    VIZIER_VOTABLE_ERROR("vizier-votable/database-unreachable-error.xml"),
    /** GAVO DaCHS TAP sync result (ivoa.obscore), trimmed to its first row (pyvo, 2018). */
    GAVO_TAP_RESULT("gavo-tap/obscore-1-row.xml");

    private static final String ROOT = "/recorded-archives/";

    private final String path;

    RecordedReply(String path) {
        this.path = path;
    }

    /** The file under {@code recorded-archives/}. */
    public String path() {
        return path;
    }

    /** The reply's bytes exactly as kept. */
    public byte[] bytes() {
        try (InputStream in = RecordedReply.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("recorded reply " + ROOT + path + " is missing from the testkit's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded reply " + path, e);
        }
    }

    /** The reply as UTF-8 text (all recordings are text). */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
