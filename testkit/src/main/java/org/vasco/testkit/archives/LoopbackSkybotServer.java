package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vasco.common.sky.SkyGeometry;

/**
 * A stand-in for the IMCCE SkyBoT cone search ({@code GET /webservices/skybot/api/conesearch.php}) with {@code -ep}
 * (JD), {@code -ra}, {@code -dec} (deg), {@code -rs} (arcsec), {@code -mime=votable}. It answers in the shape of the
 * recorded real reply ({@link RecordedReply#SKYBOT_CONE}), which it uses as its template: the {@code vot:} prefixed
 * VOTable 1.3 with the same top-level INFOs, coordinate-system GROUPs, PARAMs and the fifteen FIELDs ({@code Num},
 * {@code Name}, sexagesimal {@code RA}/{@code DEC} with the main-position UCDs, {@code Class}, {@code Mv},
 * {@code ErrPos}, {@code d}, motions, distances, the hidden decimal {@code _RAJ2000}/{@code _DECJ2000} and
 * {@code ExternalLink}), cells formatted as the service formats them; only the request's echo (target, epoch, field
 * size) and the rows are this request's. An empty field gets SkyBoT's own words, "No solar system object was found in
 * the requested FOV", in a {@code QUERY_STATUS=ERROR} INFO and no table (a form not on record: docs/protocols.md).
 * The sky is asked at the requested epoch.
 */
public final class LoopbackSkybotServer extends LoopbackStandIn {

    public static final String PATH = "/webservices/skybot/api/conesearch.php";
    private static final String TEMPLATE = RecordedReply.SKYBOT_CONE.text();
    private static final String TABLE_START = "<vot:DATA><vot:TABLEDATA>";
    private static final String TABLE_END = "</vot:TABLEDATA>";
    private static final String EMPTY_FIELD = "No solar system object was found in the requested FOV";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ArchiveSky asteroids;
    private volatile Map<String, String> lastQuery = Map.of();

    public LoopbackSkybotServer(ArchiveSky asteroids) {
        this.asteroids = asteroids;
    }

    public URI conesearchUri() {
        return uri(PATH);
    }

    /** The parameters of the last well-formed request (for tests of what a client asked). */
    public Map<String, String> lastQuery() {
        return lastQuery;
    }

    @Override
    protected Reply answer(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            return Reply.text(404, "Not found");
        }
        Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
        double jd;
        double ra;
        double dec;
        double rs;
        try {
            jd = Double.parseDouble(q.get("-ep"));
            ra = Double.parseDouble(q.get("-ra"));
            dec = Double.parseDouble(q.get("-dec"));
            rs = Double.parseDouble(q.getOrDefault("-rs", "600"));
        } catch (RuntimeException e) {
            return Reply.votable(200, VoTableText.error("Error: bad or missing -ep, -ra, -dec or -rs parameter"));
        }
        if (!"votable".equals(q.getOrDefault("-mime", "votable"))) {
            return Reply.text(200, "# stand-in speaks only -mime=votable");
        }
        lastQuery = Map.copyOf(q);
        List<ArchiveSource> found = asteroids.cone(ra, dec, rs / 3600.0, jd);
        String head = TEMPLATE.substring(0, TEMPLATE.indexOf(TABLE_START) + TABLE_START.length());
        if (found.isEmpty()) {
            String envelope = head.substring(0, head.indexOf("<vot:INFO "));
            return Reply.votable(200, envelope + "<vot:INFO ID=\"status\" name=\"QUERY_STATUS\" value=\"ERROR\">" + EMPTY_FIELD
                    + "</vot:INFO>\n</vot:VOTABLE>\n");
        }
        Instant epoch = Instant.ofEpochMilli(Math.round((jd - 2440587.5) * 86_400_000.0));
        // An opaque 18-digit ticket, as SkyBoT issues one per query; derived from the request so replies repeat.
        head = attribute(head, "name=\"Ticket\" value=\"", fmt("18%016d", Math.abs(Double.hashCode(jd) * 31L + Double.hashCode(ra))));
        head = attribute(head, "name=\"-c\" value=\"", g17(ra) + (dec < 0 ? "" : "+") + g17(dec) + ",rs=" + fmt("%.0f", rs));
        head = attribute(head, "name=\"Epoch\" value=\"", DAY.format(epoch));
        head = attribute(head, "ID=\"epoch\" name=\"Epoch\" datatype=\"char\" arraysize=\"*\" ucd=\"time.epoch\" unit=\"d\" value=\"",
                INSTANT.format(epoch) + fmt(".%02d", epoch.atZone(ZoneOffset.UTC).getNano() / 10_000_000));
        head = attribute(head, "ID=\"fovRA\" name=\"RA\" datatype=\"double\" ucd=\"pos.eq.ra\" unit=\"deg\" value=\"", g17(ra));
        head = attribute(head, "ID=\"fovDEC\" name=\"DEC\" datatype=\"double\" ucd=\"pos.eq.dec\" unit=\"deg\" value=\"", g17(dec));
        head = attribute(head, "ID=\"fovSR\" name=\"FOV\" datatype=\"double\" ucd=\"instr.fov\" unit=\"arcsec\" value=\"", fmt("%.0f", rs));
        head = attribute(head, "name=\"Observer\" datatype=\"char\" arraysize=\"*\" ucd=\"meta.code;obs.observer\" value=\"",
                q.getOrDefault("-observer", "500"));
        head = attribute(head, "name=\"SkybotConeSearch\" nrows=\"", Integer.toString(found.size()));
        StringBuilder doc = new StringBuilder(head);
        for (ArchiveSource s : found) {
            String number = s.values().containsKey("number") ? fmt("%.0f", s.value("number", 0)) : "-";
            List<String> cells = List.of(number, s.id(), hms(s.raDeg()), dms(s.decDeg()), "MB>Middle", g17(s.value("Mv", 17.0)),
                    fmt("%.3f", s.value("ErrPos", 0.05)), fmt("%.3f", SkyGeometry.separationArcsec(ra, dec, s.raDeg(), s.decDeg())),
                    fmt("%.4f", s.value("dRAcosDec", 0.0)), fmt("%.3f", s.value("dDEC", 0.0)), fmt("%.9f", s.value("Dgeo", 1.5)),
                    fmt("%.9f", s.value("Dhelio", 2.5)), g17(SkyGeometry.normaliseRa(s.raDeg())), g17(s.decDeg()),
                    "https://ssp.imcce.fr/webservices/ssodnet/api/ssocard/" + s.id().replace(' ', '_'));
            doc.append("<vot:TR>");
            for (String cell : cells) {
                doc.append("<vot:TD>").append(VoTableText.esc(cell)).append("</vot:TD>\n");
            }
            doc.append("</vot:TR>\n");
        }
        doc.append(TEMPLATE.substring(TEMPLATE.indexOf(TABLE_END)));
        return Reply.votable(200, doc.toString());
    }

    /** The template with the value that follows {@code before} replaced. */
    private static String attribute(String template, String before, String value) {
        Matcher m = Pattern.compile(Pattern.quote(before) + "[^\"]*\"").matcher(template);
        if (!m.find()) {
            throw new IllegalStateException("the recorded SkyBoT reply has no " + before + "…\": the template changed");
        }
        return template.substring(0, m.start()) + before + VoTableText.esc(value) + "\"" + template.substring(m.end());
    }

    /** Right ascension as SkyBoT writes it: {@code hh mm s.ssss}, seconds not zero-padded. */
    static String hms(double raDeg) {
        long tenThousandths = Math.round(SkyGeometry.normaliseRa(raDeg) / 15.0 * 3600.0 * 1e4) % (24L * 3600 * 10_000);
        long seconds = tenThousandths / 10_000;
        return fmt("%02d %02d %d.%04d", seconds / 3600, seconds / 60 % 60, seconds % 60, tenThousandths % 10_000);
    }

    /** Declination as SkyBoT writes it: {@code ±dd mm s.sss}, seconds not zero-padded. */
    static String dms(double decDeg) {
        long thousandths = Math.round(Math.abs(decDeg) * 3600.0 * 1e3);
        long seconds = thousandths / 1000;
        return fmt("%s%02d %02d %d.%03d", decDeg < 0 ? "-" : "+", seconds / 3600, seconds / 60 % 60, seconds % 60,
                thousandths % 1000);
    }

    /** A double with 17 significant digits, as SkyBoT prints its positions and magnitudes. */
    private static String g17(double value) {
        return fmt("%.17g", value);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }
}
