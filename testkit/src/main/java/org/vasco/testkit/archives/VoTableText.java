package org.vasco.testkit.archives;

import java.util.List;

/**
 * VOTable 1.4 documents as the stand-ins send them, written as text so the exact protocol details (the
 * {@code QUERY_STATUS} INFO, TABLEDATA cells) are under the test's control.
 */
final class VoTableText {

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n";

    private VoTableText() {
    }

    /**
     * A FIELD declaration.
     *
     * @param name      name attribute
     * @param datatype  VOTable datatype (char fields get arraysize="*")
     * @param ucd       UCD or null
     * @param unit      unit or null
     */
    record Field(String name, String datatype, String ucd, String unit) {
        String xml() {
            return "<FIELD name=\"" + esc(name) + "\" ID=\"" + esc(name.replaceAll("[^A-Za-z0-9_]", "_"))
                    + "\" datatype=\"" + datatype + "\"" + ("char".equals(datatype) ? " arraysize=\"*\"" : "")
                    + (ucd == null ? "" : " ucd=\"" + ucd + "\"") + (unit == null ? "" : " unit=\"" + esc(unit) + "\"")
                    + "/>\n";
        }
    }

    /** A result document with {@code QUERY_STATUS=OK}. */
    static String table(List<Field> fields, List<Object[]> rows) {
        StringBuilder sb = new StringBuilder(HEAD).append("<RESOURCE type=\"results\">\n")
                .append("<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n");
        fields.forEach(f -> sb.append(f.xml()));
        sb.append("<DATA><TABLEDATA>\n");
        for (Object[] row : rows) {
            sb.append("<TR>");
            for (Object cell : row) {
                sb.append("<TD>").append(cell == null ? "" : esc(cell.toString())).append("</TD>");
            }
            sb.append("</TR>\n");
        }
        return sb.append("</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n").toString();
    }

    /** An error document: {@code INFO name="QUERY_STATUS" value="ERROR"} with the message, no TABLE. */
    static String error(String message) {
        return HEAD + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">" + esc(message)
                + "</INFO>\n</RESOURCE>\n</VOTABLE>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
