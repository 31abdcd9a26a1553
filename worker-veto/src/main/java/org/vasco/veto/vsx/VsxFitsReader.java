package org.vasco.veto.vsx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.table.TableFormatException;

/** Reads a slim VSX FITS binary table (RAdeg, DEdeg and optionally Name, OID, Type) through STIL, row by row. */
final class VsxFitsReader {

    private static final Logger STARLINK_LOG = Logger.getLogger("uk.ac.starlink");

    static {
        STARLINK_LOG.setLevel(Level.WARNING);
    }

    private VsxFitsReader() {
    }

    static VsxFileReader.Result read(Path file, Consumer<VsxStar> sink) throws IOException {
        StarTable table;
        try {
            table = new StarTableFactory(false).makeStarTable(file.toString(), "fits");
        } catch (TableFormatException e) {
            throw new IOException("VSX FITS " + file + " holds no binary table: " + e.getMessage(), e);
        }
        int ra = column(table, "RAdeg", "RAJ2000", "ra");
        int dec = column(table, "DEdeg", "DEJ2000", "dec");
        int name = column(table, "Name");
        int oid = column(table, "OID");
        int type = column(table, "Type");
        if (ra < 0 || dec < 0) {
            throw new IOException("VSX FITS " + file + " has no RAdeg/DEdeg columns");
        }
        long rows = 0;
        long skipped = 0;
        try (RowSequence seq = table.getRowSequence()) {
            while (seq.next()) {
                Object[] row = seq.getRow();
                if (!(row[ra] instanceof Number r) || !(row[dec] instanceof Number d)
                        || Double.isNaN(r.doubleValue()) || Double.isNaN(d.doubleValue())) {
                    skipped++;
                    continue;
                }
                String label = name < 0 || row[name] == null ? "VSX row " + (rows + skipped + 1) : row[name].toString().trim();
                Long id = oid >= 0 && row[oid] instanceof Number n ? n.longValue() : null;
                String kind = type < 0 || row[type] == null ? null : row[type].toString().trim();
                try {
                    sink.accept(new VsxStar(id, label, r.doubleValue(), d.doubleValue(), kind));
                } catch (IllegalArgumentException e) {
                    throw new IOException("VSX FITS " + file + " row " + (rows + skipped + 1) + ": " + e.getMessage(), e);
                }
                rows++;
            }
        }
        return new VsxFileReader.Result(rows, skipped);
    }

    private static int column(StarTable table, String... names) {
        for (String n : names) {
            for (int c = 0; c < table.getColumnCount(); c++) {
                if (table.getColumnInfo(c).getName().equalsIgnoreCase(n)) {
                    return c;
                }
            }
        }
        return -1;
    }
}
