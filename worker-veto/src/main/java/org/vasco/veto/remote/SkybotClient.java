package org.vasco.veto.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveResponse;
import uk.ac.starlink.table.StarTable;

/**
 * The IMCCE SkyBoT cone search (SPEC §9.5): which known solar-system objects were in a field at an epoch.
 * "No solar system object was found" (a VOTable with {@code QUERY_STATUS=ERROR}) is a valid empty answer;
 * every other error is a failure. Thread-safe.
 */
public final class SkybotClient {

    /** The text SkyBoT puts in its ERROR INFO when the field is simply empty. */
    public static final String NO_OBJECT = "No solar system object was found";

    private final ArchiveClient client;

    public SkybotClient(ArchiveClient client) {
        this.client = client;
    }

    /** Objects within {@code radiusArcsec} of a field centre at Julian date {@code jd} (UTC). */
    public List<SolarSystemObject> cone(double jd, double raDeg, double decDeg, double radiusArcsec)
            throws IOException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("-ep", String.format(Locale.ROOT, "%.6f", jd));
        query.put("-ra", String.format(Locale.ROOT, "%.8f", raDeg));
        query.put("-dec", String.format(Locale.ROOT, "%.8f", decDeg));
        query.put("-rs", String.format(Locale.ROOT, "%.0f", radiusArcsec));
        query.put("-mime", "votable");
        query.put("-output", "all");
        query.put("-refsys", "EQJ2000");
        query.put("-observer", "500");
        query.put("-from", "vasco");
        ArchiveResponse response = client.get(query);
        String source = "SkyBoT at " + response.uri();
        VoTableReply reply = VoTables.parse(response.body(), source);
        if (reply.isError()) {
            if (reply.statusText() != null && reply.statusText().contains(NO_OBJECT)) {
                return List.of();
            }
            throw new IOException(source + " reported an error: " + reply.statusText());
        }
        StarTable table = reply.table();
        if (table == null) {
            throw new IOException(source + " answered without a TABLE and without the no-object message");
        }
        return objects(table, source);
    }

    private static List<SolarSystemObject> objects(StarTable table, String source) throws IOException {
        // Older replies carry decimal _RAJ2000/_DECJ2000; the current API has sexagesimal "RA(h)"/"DE(deg)",
        // found here by their main-position UCDs.
        int raDeg = VoTables.column(table, "_RAJ2000");
        int decDeg = VoTables.column(table, "_DECJ2000");
        boolean degrees = raDeg >= 0 && decDeg >= 0;
        int ra = degrees ? raDeg : byUcd(table, "pos.eq.ra;meta.main", "RA", "RA(h)");
        int dec = degrees ? decDeg : byUcd(table, "pos.eq.dec;meta.main", "DEC", "DE(deg)");
        int name = VoTables.column(table, "Name", "name");
        if (ra < 0 || dec < 0) {
            throw new IOException(source + " table has neither _RAJ2000/_DECJ2000 nor RA/DEC position columns");
        }
        List<SolarSystemObject> objects = new ArrayList<>();
        for (Object[] row : VoTables.rows(table)) {
            String label = name < 0 || row[name] == null ? "?" : row[name].toString().trim();
            try {
                double raValue = row[ra] instanceof Number n ? n.doubleValue() : degrees
                        ? Double.parseDouble(row[ra].toString().trim()) : Sexagesimal.hoursToDeg(row[ra].toString());
                double decValue = row[dec] instanceof Number n ? n.doubleValue()
                        : Sexagesimal.degrees(row[dec].toString());
                if (!Double.isFinite(raValue) || !Double.isFinite(decValue) || Math.abs(decValue) > 90.0) {
                    // An object that is nowhere would silently match no candidate: a reply we cannot trust.
                    throw new IllegalArgumentException("(" + raValue + ", " + decValue + ") is not a position on the sky");
                }
                objects.add(new SolarSystemObject(label, raValue, decValue));
            } catch (RuntimeException e) {
                throw new IOException(source + " sent an unreadable position for " + label + ": " + e.getMessage(), e);
            }
        }
        return objects;
    }

    private static int byUcd(StarTable table, String ucd, String... names) {
        for (int c = 0; c < table.getColumnCount(); c++) {
            if (ucd.equalsIgnoreCase(table.getColumnInfo(c).getUCD())) {
                return c;
            }
        }
        return VoTables.column(table, names);
    }

    /**
     * A known solar-system object in the field.
     *
     * @param name   designation
     * @param raDeg  astrometric J2000 position at the epoch
     * @param decDeg idem
     */
    public record SolarSystemObject(String name, double raDeg, double decDeg) {
    }
}
