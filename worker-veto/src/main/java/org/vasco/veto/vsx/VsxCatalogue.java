package org.vasco.veto.vsx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.veto.stages.VariableStarIndex;

/**
 * The local VSX catalogue in PostgreSQL ({@code vsx_star}, migration V3): import and cone search.
 * An import replaces the previous one in a single transaction. Thread-safe (one connection per call).
 */
public final class VsxCatalogue implements VariableStarIndex {

    private final DataSource dataSource;

    public VsxCatalogue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Replaces the catalogue with the contents of {@code file} (see {@link VsxFileReader}).
     *
     * @return rows imported and rows skipped for lack of a position
     */
    public VsxFileReader.Result importFile(Path file, String sha256) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (var st = c.createStatement()) {
                    st.execute("TRUNCATE vsx_star");
                }
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY vsx_star (oid, name, ra_deg, dec_deg, var_type, dec_zone) FROM STDIN WITH (FORMAT csv)");
                VsxFileReader.Result result;
                try {
                    result = VsxFileReader.read(file, star -> write(copy, star));
                    copy.endCopy();
                } catch (UncheckedIOException e) {
                    cancel(copy);
                    throw e.getCause();
                } catch (IOException | RuntimeException e) {
                    cancel(copy);
                    throw e;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO vsx_import (source, sha256, row_count, skipped_rows) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, file.toAbsolutePath().toString());
                    ps.setString(2, sha256);
                    ps.setLong(3, result.rows());
                    ps.setLong(4, result.skippedWithoutPosition());
                    ps.executeUpdate();
                }
                c.commit();
                return result;
            } catch (IOException | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void cancel(CopyIn copy) throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private static void write(CopyIn copy, VsxStar star) {
        String line = String.format(Locale.ROOT, "%s,%s,%.7f,%.7f,%s,%d%n", star.oid() == null ? "" : star.oid(),
                csv(star.name()), star.raDeg(), star.decDeg(), star.type() == null ? "" : csv(star.type()),
                VsxStar.zone(star.decDeg()));
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("writing VSX rows to PostgreSQL failed: " + e.getMessage(), e));
        }
    }

    private static String csv(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    @Override
    public Optional<Import> lastImport() throws IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT sha256, row_count FROM vsx_import ORDER BY import_id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Import(rs.getString(1), rs.getLong(2))) : Optional.empty();
        } catch (SQLException e) {
            throw new IOException("reading the VSX import record failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Match> within(double raDeg, double decDeg, double radiusArcsec) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            return cone(c, raDeg, decDeg, radiusArcsec);
        } catch (SQLException e) {
            throw new IOException("VSX cone search at (" + raDeg + ", " + decDeg + ") failed: " + e.getMessage(), e);
        }
    }

    private static List<Match> cone(Connection c, double raDeg, double decDeg, double radiusArcsec) throws SQLException {
        double r = radiusArcsec / SkyGeometry.ARCSEC_PER_DEG;
        double decLo = Math.max(-90, decDeg - r);
        double decHi = Math.min(90, decDeg + r);
        double cos = Math.cos(Math.toRadians(Math.max(Math.abs(decLo), Math.abs(decHi))));
        double halfRa = cos < 1e-6 ? 180 : Math.min(180, r / cos);
        double raLo = raDeg - halfRa;
        double raHi = raDeg + halfRa;
        // Two RA windows cover a cone that straddles RA 0/360; with halfRa = 180 they cover everything.
        double lo1 = Math.max(0, raLo);
        double hi1 = Math.min(360, raHi);
        double lo2 = raLo < 0 ? raLo + 360 : (raHi > 360 ? 0 : 1);
        double hi2 = raLo < 0 ? 360 : (raHi > 360 ? raHi - 360 : 0);
        List<Match> matches = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, ra_deg, dec_deg, var_type FROM vsx_star "
                + "WHERE dec_zone BETWEEN ? AND ? AND dec_deg BETWEEN ? AND ? "
                + "AND (ra_deg BETWEEN ? AND ? OR ra_deg BETWEEN ? AND ?)")) {
            ps.setInt(1, VsxStar.zone(decLo));
            ps.setInt(2, VsxStar.zone(decHi));
            ps.setDouble(3, decLo);
            ps.setDouble(4, decHi);
            ps.setDouble(5, lo1);
            ps.setDouble(6, hi1);
            ps.setDouble(7, lo2);
            ps.setDouble(8, hi2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double sep = SkyGeometry.separationArcsec(raDeg, decDeg, rs.getDouble(2), rs.getDouble(3));
                    if (sep <= radiusArcsec) {
                        matches.add(new Match(rs.getString(1), rs.getString(4), sep));
                    }
                }
            }
        }
        matches.sort((a, b) -> Double.compare(a.separationArcsec(), b.separationArcsec()));
        return matches;
    }
}
