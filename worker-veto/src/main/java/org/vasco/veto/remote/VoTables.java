package org.vasco.veto.remote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.TableElement;
import uk.ac.starlink.votable.VOElement;
import uk.ac.starlink.votable.VOElementFactory;
import uk.ac.starlink.votable.VOStarTable;
import uk.ac.starlink.votable.VOTableWriter;

/** VOTable writing (upload tables) and reading (service replies) through STIL. */
public final class VoTables {

    /** STIL logs through java.util.logging at INFO on every parse; keep a strong reference so the level sticks. */
    private static final Logger STARLINK_LOG = Logger.getLogger("uk.ac.starlink");
    /**
     * Its VOTable reader also warns, once per reply, of every FIELD whose {@code ref} names no element of the document:
     * SkyBoT's replies refer to an 'Ephemeris' that they never define (130 such lines in one demo). What a reply lacks
     * that we read is an error of {@link #parse}, naming the reply; the rest is not worth a line.
     */
    private static final Logger VOTABLE_LOG = Logger.getLogger("uk.ac.starlink.votable");

    static {
        STARLINK_LOG.setLevel(Level.WARNING);
        VOTABLE_LOG.setLevel(Level.SEVERE);
    }

    /** The upload column that numbers a batch's rows; services echo it beside each match. */
    public static final String ROW_ID = "row_id";

    private VoTables() {
    }

    /**
     * The upload table of a batch: {@code row_id} (the row's index), {@code ra}, {@code dec} in degrees, from
     * positions given row by row in two arrays of one length. No SExtractor NUMBER column is ever sent (SPEC §9
     * contract).
     */
    public static byte[] uploadTable(double[] raDeg, double[] decDeg) {
        if (raDeg.length != decDeg.length) {
            throw new IllegalArgumentException("an upload needs one Dec per RA: " + raDeg.length + " RAs, "
                    + decDeg.length + " Decs");
        }
        ColumnInfo rowId = new ColumnInfo(ROW_ID, Integer.class, "index of the candidate in the batch");
        ColumnInfo ra = new ColumnInfo("ra", Double.class, "right ascension J2000");
        ra.setUnitString("deg");
        ra.setUCD("pos.eq.ra;meta.main");
        ColumnInfo dec = new ColumnInfo("dec", Double.class, "declination J2000");
        dec.setUnitString("deg");
        dec.setUCD("pos.eq.dec;meta.main");
        RowListStarTable table = new RowListStarTable(new ColumnInfo[] {rowId, ra, dec});
        for (int i = 0; i < raDeg.length; i++) {
            table.addRow(new Object[] {i, raDeg[i], decDeg[i]});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VOTableWriter writer = new VOTableWriter(DataFormat.TABLEDATA, true);
            // No time stamp: the same batch uploads the same bytes in every run, so a recorded run replays
            // (docs/protocols.md) and nothing of when the pipeline ran leaves the cluster.
            writer.setWriteDate(false);
            writer.writeStarTable(table, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing an in-memory VOTable failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Parses a service's VOTable reply: the {@code QUERY_STATUS} INFO (if any) and the first TABLE (if any).
     * Replies come from outside the cluster, so the XML is read by {@link SafeXml} (no external entity, no external
     * DTD, bounded entity expansion) and a {@code STREAM href} is refused: STIL would otherwise open any URL or local
     * file such a reply names (docs/security.md, "VOTable parsing").
     *
     * @throws IOException when the body is not a VOTable at all, or asks to read data from elsewhere
     */
    public static VoTableReply parse(byte[] body, String source) throws IOException {
        VOElement root;
        try {
            Document document = SafeXml.parse(body, source);
            refuseRemoteStreams(document, source);
            root = new VOElementFactory(StoragePolicy.PREFER_MEMORY).makeVOElement(document, source);
        } catch (SAXException | RuntimeException e) {
            throw new IOException(source + " did not answer with a VOTable: " + e.getMessage(), e);
        }
        if (!"VOTABLE".equals(root.getVOTagName())) {
            throw new IOException(source + " answered with <" + root.getTagName() + ">, not a VOTABLE document");
        }
        String status = null;
        String statusText = null;
        NodeList infos = root.getElementsByVOTagName("INFO");
        for (int i = 0; i < infos.getLength(); i++) {
            Element info = (Element) infos.item(i);
            if ("QUERY_STATUS".equalsIgnoreCase(info.getAttribute("name"))) {
                status = info.getAttribute("value");
                statusText = info.getTextContent() == null ? "" : info.getTextContent().trim();
                break;
            }
        }
        NodeList tables = root.getElementsByVOTagName("TABLE");
        StarTable table = tables.getLength() == 0 ? null : new VOStarTable((TableElement) tables.item(0));
        return new VoTableReply(status, statusText, table);
    }

    /** The services we ask put their rows inline (TABLEDATA or BINARY base64); a reply never names a stream elsewhere. */
    private static void refuseRemoteStreams(Document document, String source) throws IOException {
        NodeList streams = document.getElementsByTagNameNS("*", "STREAM");
        for (int i = 0; i < streams.getLength(); i++) {
            Element stream = (Element) streams.item(i);
            if (stream.hasAttribute("href")) {
                throw new IOException(source + " answered with a VOTable whose STREAM points elsewhere (href=\""
                        + stream.getAttribute("href") + "\"); only inline data is accepted");
            }
        }
    }

    /** Column index by name (case-insensitive), or -1. */
    public static int column(StarTable table, String... names) {
        for (String name : names) {
            for (int c = 0; c < table.getColumnCount(); c++) {
                if (table.getColumnInfo(c).getName().equalsIgnoreCase(name)) {
                    return c;
                }
            }
        }
        return -1;
    }

    /** All rows of a (small) reply table. */
    public static List<Object[]> rows(StarTable table) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        try (var seq = table.getRowSequence()) {
            while (seq.next()) {
                rows.add(seq.getRow().clone());
            }
        }
        return rows;
    }
}
