package org.vasco.testkit.archives;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.w3c.dom.NodeList;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.votable.TableElement;
import uk.ac.starlink.votable.VOElement;
import uk.ac.starlink.votable.VOElementFactory;
import uk.ac.starlink.votable.VOStarTable;

/**
 * A table a client uploaded (a VOTable, read with STIL): its column names and rows.
 *
 * @param columns column names
 * @param rows    cell values per row
 */
record UploadedTable(List<String> columns, List<Object[]> rows) {

    private static final Logger STARLINK_LOG = Logger.getLogger("uk.ac.starlink");

    static {
        STARLINK_LOG.setLevel(Level.WARNING);
    }

    static UploadedTable read(byte[] votable, String what) throws IOException {
        try {
            VOElement root = new VOElementFactory(StoragePolicy.PREFER_MEMORY)
                    .makeVOElement(new ByteArrayInputStream(votable), what);
            NodeList tables = root.getElementsByVOTagName("TABLE");
            if (tables.getLength() == 0) {
                throw new IOException(what + " holds no TABLE");
            }
            StarTable table = new VOStarTable((TableElement) tables.item(0));
            List<String> columns = new ArrayList<>();
            for (int c = 0; c < table.getColumnCount(); c++) {
                columns.add(table.getColumnInfo(c).getName());
            }
            List<Object[]> rows = new ArrayList<>();
            try (RowSequence seq = table.getRowSequence()) {
                while (seq.next()) {
                    rows.add(seq.getRow().clone());
                }
            }
            return new UploadedTable(columns, rows);
        } catch (org.xml.sax.SAXException | RuntimeException e) {
            throw new IOException(what + " is not a VOTable: " + e.getMessage(), e);
        }
    }

    int column(String name) throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IOException("uploaded table has no column '" + name + "'; it has " + columns);
    }

    /** The VOTable datatype that carries a column's values back unchanged. */
    String datatype(int column) {
        for (Object[] row : rows) {
            Object v = row[column];
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return "int";
            }
            if (v instanceof Long) {
                return "long";
            }
            if (v instanceof Number) {
                return "double";
            }
            if (v != null) {
                return "char";
            }
        }
        return "char";
    }

    static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
    }
}
