package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.sky.SkyGeometry;

/**
 * A stand-in for the IMCCE SkyBoT cone search ({@code GET /webservices/skybot/api/conesearch.php}) with
 * {@code -ep} (JD), {@code -ra}, {@code -dec} (deg), {@code -rs} (arcsec), {@code -mime=votable}. Answers a VOTable
 * with SkyBoT's columns ({@code Num}, {@code Name}, {@code RA(h)} and {@code DE(deg)} sexagesimal, {@code Class},
 * {@code Mv}, {@code d(arcsec)}); an empty field gets SkyBoT's own form: {@code QUERY_STATUS=ERROR} with
 * "No solar system object was found in the requested FOV". The sky is asked at the requested epoch.
 */
public final class LoopbackSkybotServer extends LoopbackStandIn {

    public static final String PATH = "/webservices/skybot/api/conesearch.php";

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
        if (found.isEmpty()) {
            return Reply.votable(200, VoTableText.error("No solar system object was found in the requested FOV"));
        }
        List<VoTableText.Field> fields = List.of(
                new VoTableText.Field("Num", "char", "meta.id;meta.number", null),
                new VoTableText.Field("Name", "char", "meta.id;meta.main", null),
                new VoTableText.Field("RA(h)", "char", "pos.eq.ra;meta.main", "h:m:s"),
                new VoTableText.Field("DE(deg)", "char", "pos.eq.dec;meta.main", "d:m:s"),
                new VoTableText.Field("Class", "char", "meta.code.class;src.class", null),
                new VoTableText.Field("Mv", "double", "phot.mag;em.opt.V", "mag"),
                new VoTableText.Field("d(arcsec)", "double", "pos.ang.dist", "arcsec"));
        List<Object[]> rows = new ArrayList<>();
        int n = 0;
        for (ArchiveSource s : found) {
            rows.add(new Object[] {Integer.toString(++n), s.id(), hms(s.raDeg()), dms(s.decDeg()), "MB>Middle",
                    s.value("Mv", 17.0), String.format(Locale.ROOT, "%.3f",
                    SkyGeometry.separationArcsec(ra, dec, s.raDeg(), s.decDeg()))});
        }
        return Reply.votable(200, VoTableText.table(fields, rows));
    }

    static String hms(double raDeg) {
        double h = SkyGeometry.normaliseRa(raDeg) / 15.0;
        int hh = (int) h;
        int mm = (int) ((h - hh) * 60);
        double ss = ((h - hh) * 60 - mm) * 60;
        return String.format(Locale.ROOT, "%02d %02d %07.4f", hh, mm, ss);
    }

    static String dms(double decDeg) {
        double a = Math.abs(decDeg);
        int dd = (int) a;
        int mm = (int) ((a - dd) * 60);
        double ss = ((a - dd) * 60 - mm) * 60;
        return String.format(Locale.ROOT, "%s%02d %02d %06.3f", decDeg < 0 ? "-" : "+", dd, mm, ss);
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
