package org.vasco.testkit.hostile;

import java.util.ArrayList;
import java.util.List;
import org.vasco.testkit.archives.ScriptedReply;

/**
 * SkyBoT cone-search replies of the hostile-input corpus: the valid empty answer SkyBoT gives as an error INFO
 * ("No solar system object was found"), a real {@code QUERY_STATUS=ERROR}, an OK status without a table, tables
 * without position columns or with unreadable or NaN positions, bodies that are no VOTable, and a VOTable that
 * declares an external entity to read a local file (XXE). Served verbatim by the loopback SkyBoT
 * ({@link org.vasco.testkit.archives.LoopbackStandIn#answerWith}); a {@code REJECTED} case must fail the veto
 * stage with the reason {@code S2_SKYBOT} and the phrase, an {@code ACCEPTED} one must judge the candidates.
 */
public final class HostileVoTables {

    static final String SKYBOT = "S2_SKYBOT";
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String VOTABLE = "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n";
    private static final String VOTABLE_TYPE = "application/x-votable+xml";
    /** A file every Linux host has, whose content must never appear in a message: the XXE case tries to read it. */
    public static final String XXE_TARGET = "/etc/passwd";

    private HostileVoTables() {
    }

    /** Every SkyBoT case. */
    public static List<HostileCase<ScriptedReply>> all() {
        List<HostileCase<ScriptedReply>> cases = new ArrayList<>();
        cases.add(votable("no-object-found", "QUERY_STATUS=ERROR 'No solar system object was found in the requested FOV'",
                error("No solar system object was found in the requested FOV"), Expected.accepted("KEEP")));
        cases.add(votable("query-status-error", "QUERY_STATUS=ERROR 'Ephemeris computation failed'",
                error("Ephemeris computation failed"), Expected.rejected(SKYBOT, "reported an error: Ephemeris computation failed")));
        cases.add(votable("ok-without-table", "QUERY_STATUS=OK and no TABLE",
                HEAD + VOTABLE + "<RESOURCE type=\"results\"><INFO name=\"QUERY_STATUS\" value=\"OK\"/></RESOURCE></VOTABLE>\n",
                Expected.rejected(SKYBOT, "answered without a TABLE and without the no-object message")));
        cases.add(votable("no-position-columns", "a table with Num, Name and Class only",
                table("<FIELD name=\"Num\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"Name\" datatype=\"char\" arraysize=\"*\"/>"
                        + "<FIELD name=\"Class\" datatype=\"char\" arraysize=\"*\"/>", "<TR><TD>1</TD><TD>2001 AB</TD><TD>MB</TD></TR>"),
                Expected.rejected(SKYBOT, "has neither _RAJ2000/_DECJ2000 nor RA/DEC position columns")));
        cases.add(votable("unreadable-sexagesimal", "RA(h) = 'twelve o'clock' for object 2001 AB",
                sexagesimalTable("twelve o'clock", "+20 01 48.0"),
                Expected.rejected(SKYBOT, "sent an unreadable position for 2001 AB")));
        cases.add(votable("sexagesimal-out-of-range", "DE(deg) = '+95 00 00' for object 2001 AB",
                sexagesimalTable("10 00 14.4", "+95 00 00.0"),
                Expected.rejected(SKYBOT, "sent an unreadable position for 2001 AB")));
        cases.add(votable("nan-position", "_RAJ2000 = NaN for object 2001 AB",
                table("<FIELD name=\"Name\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"_RAJ2000\" datatype=\"double\"/>"
                        + "<FIELD name=\"_DECJ2000\" datatype=\"double\"/>", "<TR><TD>2001 AB</TD><TD>NaN</TD><TD>20.03</TD></TR>"),
                Expected.rejected(SKYBOT, "sent an unreadable position for 2001 AB")));
        cases.add(new HostileCase<>("skybot", "html-instead-of-votable", "an HTML error page with status 200",
                ScriptedReply.ok("text/html", "<html><head><title>503</title></head><body>Service overloaded</body></html>"),
                Expected.rejected(SKYBOT, "not a VOTABLE document")));
        cases.add(new HostileCase<>("skybot", "json-instead-of-votable", "a JSON body with status 200",
                ScriptedReply.ok("application/json", "{\"sso\": []}"), Expected.rejected(SKYBOT, "did not answer with a VOTable")));
        cases.add(new HostileCase<>("skybot", "empty-votable-body", "status 200 with an empty body",
                ScriptedReply.ok(VOTABLE_TYPE, ""), Expected.rejected(SKYBOT, "did not answer with a VOTable")));
        cases.add(votable("xxe-external-entity", "a DOCTYPE declaring an external entity for " + XXE_TARGET
                        + ", used in the QUERY_STATUS text",
                HEAD + "<!DOCTYPE VOTABLE [<!ENTITY leak SYSTEM \"file://" + XXE_TARGET + "\">]>\n" + VOTABLE
                        + "<RESOURCE type=\"results\"><INFO name=\"QUERY_STATUS\" value=\"ERROR\">&leak;</INFO></RESOURCE></VOTABLE>\n",
                Expected.rejected(SKYBOT, "reported an error")));
        return List.copyOf(cases);
    }

    private static HostileCase<ScriptedReply> votable(String name, String input, String xml, Expected expected) {
        return new HostileCase<>("skybot", name, input, ScriptedReply.ok(VOTABLE_TYPE, xml), expected);
    }

    private static String error(String message) {
        return HEAD + VOTABLE + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">" + message
                + "</INFO>\n</RESOURCE>\n</VOTABLE>\n";
    }

    private static String table(String fields, String rows) {
        return HEAD + VOTABLE + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n" + fields
                + "\n<DATA><TABLEDATA>\n" + rows + "\n</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n";
    }

    private static String sexagesimalTable(String ra, String dec) {
        return table("<FIELD name=\"Num\" datatype=\"char\" arraysize=\"*\"/>"
                        + "<FIELD name=\"Name\" datatype=\"char\" arraysize=\"*\" ucd=\"meta.id;meta.main\"/>"
                        + "<FIELD name=\"RA(h)\" datatype=\"char\" arraysize=\"*\" ucd=\"pos.eq.ra;meta.main\"/>"
                        + "<FIELD name=\"DE(deg)\" datatype=\"char\" arraysize=\"*\" ucd=\"pos.eq.dec;meta.main\"/>",
                "<TR><TD>1</TD><TD>2001 AB</TD><TD>" + ra + "</TD><TD>" + dec + "</TD></TR>");
    }
}
