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
        int raDeg = VoTables.column(table, "_RAJ2000");
        int decDeg = VoTables.column(table, "_DECJ2000");
        int raSex = VoTables.column(table, "RA", "ra");
        int decSex = VoTables.column(table, "DEC", "DE", "de");
        int name = VoTables.column(table, "Name", "name");
        boolean degrees = raDeg >= 0 && decDeg >= 0;
        if (!degrees && (raSex < 0 || decSex < 0)) {
            throw new IOException(source + " table has neither _RAJ2000/_DECJ2000 nor RA/DEC columns");
        }
        List<SolarSystemObject> objects = new ArrayList<>();
        for (Object[] row : VoTables.rows(table)) {
            String label = name < 0 || row[name] == null ? "?" : row[name].toString().trim();
            double ra = degrees ? number(row[raDeg], source) : Sexagesimal.hoursToDeg(row[raSex].toString());
            double dec = degrees ? number(row[decDeg], source) : Sexagesimal.degrees(row[decSex].toString());
            objects.add(new SolarSystemObject(label, ra, dec));
        }
        return objects;
    }

    private static double number(Object value, String source) throws IOException {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IOException(source + " sent a non-numeric position '" + value + "'", e);
        }
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
