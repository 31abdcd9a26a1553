package org.vasco.testkit.archives;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Issue #21 item 3: the loopback stand-ins answer in the shapes the real services were recorded answering
 * ({@link RecordedReply}). Each check is first proven on the recording itself, then applied to the stand-in's answer:
 * document skeleton (elements, namespace prefix, attributes, FIELD declarations in order), row layout, and the number
 * format of every column (SkyBoT); header order, number formats, line ends and pair order (CDS X-Match CSV).
 */
class RecordedShapesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** SkyBoT's columns and the cell format of each, as the recording shows them. */
    private static final List<Pattern> SKYBOT_CELLS = List.of(
            Pattern.compile("\\d+|-"),                                   // Num: unnumbered objects get "-"
            Pattern.compile("\\S.*"),                                     // Name
            Pattern.compile("\\d{2} \\d{2} \\d{1,2}\\.\\d{4}"),           // RA h m s, seconds not zero-padded
            Pattern.compile("[+-]\\d{2} \\d{2} \\d{1,2}\\.\\d{3}"),       // DEC d m s, signed
            Pattern.compile("[A-Za-z>-]+"),                               // Class
            Pattern.compile("\\d+\\.\\d+"),                               // Mv, 17 significant digits
            Pattern.compile("\\d+\\.\\d{3}"),                             // ErrPos
            Pattern.compile("\\d+\\.\\d{3}"),                             // d
            Pattern.compile("-?\\d+\\.\\d{4}"),                           // dRAcosDec
            Pattern.compile("-?\\d+\\.\\d{3}"),                           // dDEC
            Pattern.compile("\\d+\\.\\d{9}"),                             // Dgeo
            Pattern.compile("\\d+\\.\\d{9}"),                             // Dhelio
            Pattern.compile("\\d+\\.\\d+"),                               // _RAJ2000, 17 significant digits
            Pattern.compile("-?\\d+\\.\\d+"),                             // _DECJ2000, 17 significant digits
            Pattern.compile("https://ssp\\.imcce\\.fr/webservices/ssodnet/api/ssocard/\\S+"));
    private static final Pattern SKYBOT_ROW = Pattern.compile("<vot:TR>((?:<vot:TD>[^<]*</vot:TD>\n){15})</vot:TR>\n");
    private static final Pattern CELL = Pattern.compile("<vot:TD>([^<]*)</vot:TD>");

    @Test
    void skybotStandInAnswersInTheRecordedShape() throws Exception {
        String recorded = RecordedReply.SKYBOT_CONE.text();
        ArchiveSky asteroids = ArchiveSky.of(List.of(ArchiveSource.of("2001 AB", 150.0 + 2.0 / 3600, 20.0, "asteroid"),
                new ArchiveSource("Ceres", 150.01, 19.99, "asteroid", Map.of("number", 1.0, "Mv", 7.5))));
        String answered;
        try (LoopbackSkybotServer skybot = new LoopbackSkybotServer(asteroids)) {
            answered = get(URI.create(skybot.conesearchUri() + "?-ep=2434802.5&-ra=150.0&-dec=20.0&-rs=3600&-mime=votable"
                    + "&-output=all&-refsys=EQJ2000&-observer=500&-from=vasco"));
        }

        assertThat(skeleton(answered)).isEqualTo(skeleton(recorded));
        List<List<String>> recordedRows = skybotRows(recorded);
        assertThat(recordedRows).hasSize(4);
        List<List<String>> answeredRows = skybotRows(answered);
        assertThat(answeredRows).hasSize(2);
        for (List<List<String>> rows : List.of(recordedRows, answeredRows)) {
            for (List<String> row : rows) {
                for (int c = 0; c < SKYBOT_CELLS.size(); c++) {
                    assertThat(row.get(c)).as("column %d of %s", c, row).matches(SKYBOT_CELLS.get(c));
                }
                assertThat(significantDigits(row.get(5))).as("Mv").isEqualTo(17);
                assertThat(significantDigits(row.get(12))).as("_RAJ2000").isEqualTo(17);
                assertThat(significantDigits(row.get(13))).as("_DECJ2000").isEqualTo(17);
            }
        }
        assertThat(answeredRows.get(0)).startsWith("-", "2001 AB", "10 00 0.1333", "+20 00 0.000");
        assertThat(answeredRows.get(1)).startsWith("1", "Ceres");
        assertThat(answered).contains("name=\"Epoch\" value=\"1954-03-01\"")
                .contains("value=\"1954-03-01 00:00:00.00\"").contains("nrows=\"2\"");
    }

    @Test
    void cdsXmatchStandInAnswersInTheRecordedCsvShape() throws Exception {
        String recorded = RecordedReply.CDS_XMATCH_CSV.text();
        ArchiveSky gsc = ArchiveSky.of(List.of(ArchiveSource.of("N0123456789", 150.0 + 1.5 / 3600, 20.0, "star"),
                ArchiveSource.of("N0123456790", 150.0, 20.0 + 0.5 / 3600, "star"),
                ArchiveSource.of("S9000000001", 210.0, -30.0 - 2.0 / 3600, "star")));
        String upload = "<VOTABLE version=\"1.3\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                + "<FIELD name=\"row_id\" datatype=\"int\"/><FIELD name=\"ra\" datatype=\"double\"/>"
                + "<FIELD name=\"dec\" datatype=\"double\"/><DATA><TABLEDATA>"
                + "<TR><TD>0</TD><TD>150.0</TD><TD>20.0</TD></TR><TR><TD>1</TD><TD>170.0</TD><TD>10.0</TD></TR>"
                + "<TR><TD>2</TD><TD>210.0</TD><TD>-30.0</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        String answered;
        String empty;
        try (LoopbackCdsXmatchServer xmatch = new LoopbackCdsXmatchServer(Map.of("I/353/gsc242", gsc))) {
            answered = post(xmatch.syncUri(), upload, "5");
            empty = post(xmatch.syncUri(), upload, "0.1");
        }

        List<String> recordedHeader = header(recorded);
        List<String> answeredHeader = header(answered);
        assertThat(recordedHeader.get(0)).isEqualTo("angDist");
        assertThat(recordedHeader.subList(1, 4)).as("the uploaded columns, as uploaded").containsExactly("ra", "dec", "my_id");
        assertThat(answeredHeader).containsExactly("angDist", "row_id", "ra", "dec", "GSC2", "RA_ICRS", "DE_ICRS");
        for (String csv : List.of(recorded, answered)) {
            assertThat(csv).as("\\n line ends, the last line ended").doesNotContain("\r").endsWith("\n").doesNotContain("\n\n");
            List<String[]> rows = csv.lines().skip(1).map(l -> l.split(",", -1)).toList();
            int raCol = header(csv).indexOf(csv == recorded ? "RAJ2000" : "RA_ICRS");
            for (String[] row : rows) {
                assertThat(row).hasSize(header(csv).size());
                assertThat(row[0]).as("angDist").matches("\\d+\\.\\d{6}");
                assertThat(row[raCol]).as("catalogue RA").matches("\\d+\\.\\d{6}");
                assertThat(row[raCol + 1]).as("catalogue Dec, signed").matches("[+-]\\d+\\.\\d{6}");
            }
            assertThat(sortedWithinUploadedRows(rows, csv == recorded ? 3 : 1)).as("pairs of a row nearest first").isTrue();
        }
        assertThat(answered.lines().skip(1).map(l -> l.split(",")[1])).containsExactly("0", "0", "2");
        assertThat(empty).as("no pair: the header alone").isEqualTo(String.join(",", answeredHeader) + "\n");
    }

    /** Element names with prefixes, attribute names, and the attribute values that do not echo the request. */
    private static List<String> skeleton(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        walk(doc.getDocumentElement(), out);
        return out;
    }

    private static void walk(Element e, List<String> out) {
        if (e.getLocalName().equals("TR")) {
            return;
        }
        StringBuilder line = new StringBuilder(e.getTagName()).append(" {").append(e.getNamespaceURI()).append('}');
        NamedNodeMap attributes = e.getAttributes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            names.add(attributes.item(i).getNodeName());
        }
        names.sort(null);
        boolean echo = (e.getLocalName().equals("INFO") || e.getLocalName().equals("PARAM"))
                && Arrays.asList("Ticket", "-c", "Epoch", "RA", "DEC", "FOV").contains(e.getAttribute("name"));
        for (String name : names) {
            boolean requestValue = name.equals("nrows") || (name.equals("value") && echo);
            line.append(' ').append(name).append(requestValue ? "" : "=" + e.getAttribute(name));
        }
        out.add(line.toString());
        for (Node child = e.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element c) {
                walk(c, out);
            }
        }
    }

    private static List<List<String>> skybotRows(String xml) {
        String data = xml.substring(xml.indexOf("<vot:TABLEDATA>") + "<vot:TABLEDATA>".length(), xml.indexOf("</vot:TABLEDATA>"));
        List<List<String>> rows = new ArrayList<>();
        Matcher row = SKYBOT_ROW.matcher(data);
        int end = 0;
        while (row.find()) {
            assertThat(row.start()).as("rows follow each other with nothing between").isEqualTo(end);
            end = row.end();
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).replace("&gt;", ">").replace("&apos;", "'").replace("&amp;", "&"));
            }
            rows.add(cells);
        }
        assertThat(end).as("the rows fill the TABLEDATA").isEqualTo(data.length());
        return rows;
    }

    private static int significantDigits(String number) {
        return number.replaceAll("[^0-9]", "").replaceFirst("^0+", "").length();
    }

    private static List<String> header(String csv) {
        return List.of(csv.lines().findFirst().orElseThrow().split(","));
    }

    private static boolean sortedWithinUploadedRows(List<String[]> rows, int rowColumn) {
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i)[rowColumn].equals(rows.get(i - 1)[rowColumn])
                    && Double.parseDouble(rows.get(i)[0]) < Double.parseDouble(rows.get(i - 1)[0])) {
                return false;
            }
        }
        return true;
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String post(URI uri, String upload, String radiusArcsec) throws Exception {
        String b = "shape-test";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"request", "xmatch"}, {"distMaxArcsec", radiusArcsec}, {"RESPONSEFORMAT", "csv"},
                {"colRA1", "ra"}, {"colDec1", "dec"}, {"cat2", "vizier:I/353/gsc242"}}) {
            body.writeBytes(("--" + b + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + b + "\r\nContent-Disposition: form-data; name=\"cat1\"; filename=\"c.xml\"\r\n"
                + "Content-Type: application/x-votable+xml\r\n\r\n" + upload + "\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "multipart/form-data; boundary=" + b)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
