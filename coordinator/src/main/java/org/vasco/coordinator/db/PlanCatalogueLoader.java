package org.vasco.coordinator.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;

/**
 * Puts the plate metadata and the tessellation plan into the {@code plate} and {@code tile} tables, which
 * every run refers to. Idempotent (upserts in one transaction, in batches), so the coordinator, {@code vasco up}
 * and {@code vasco submit} may all call {@link #ensureLoaded} at start. Thread-safe.
 */
public final class PlanCatalogueLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PlanCatalogueLoader.class);
    private static final int BATCH = 1000;

    private final PlateCatalogue plates;
    private final List<PlanTile> plan;

    public PlanCatalogueLoader(PlateCatalogue plates, List<PlanTile> plan) {
        this.plates = plates;
        this.plan = List.copyOf(plan);
    }

    /** The bundled plate catalogue and the plan generated from it. */
    public static PlanCatalogueLoader bundled() {
        PlateCatalogue plates = PlateCatalogue.bundled();
        return new PlanCatalogueLoader(plates, TessellationPlan.generate(plates));
    }

    public List<PlanTile> plan() {
        return plan;
    }

    /** Loads the tables unless they already hold the whole plan; returns true when it wrote. */
    public boolean ensureLoaded(Database db) throws SQLException {
        if (isLoaded(db)) {
            return false;
        }
        load(db);
        return true;
    }

    /** True when every plate and plan tile is present. */
    public boolean isLoaded(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM plate), (SELECT count(*) FROM tile)")) {
            rs.next();
            return rs.getLong(1) >= plates.size() && rs.getLong(2) >= plan.size();
        }
    }

    /** Upserts every plate and every plan tile in one transaction. */
    public void load(Database db) throws SQLException {
        long start = System.nanoTime();
        db.inTransaction(c -> {
            upsertPlates(c);
            upsertTiles(c);
            return null;
        });
        LOG.info("Loaded {} plates and {} plan tiles into the database in {} ms", plates.size(), plan.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void upsertPlates(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plate (plate_id, ra_deg, dec_deg, date_obs, plate_code, plate_label, exposure_min, emulsion,"
                        + " plate_grade, naxis1, naxis2, xpixelsz_um, plate_scale, survey)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (plate_id) DO UPDATE SET ra_deg = EXCLUDED.ra_deg, dec_deg = EXCLUDED.dec_deg,"
                        + " date_obs = EXCLUDED.date_obs, plate_code = EXCLUDED.plate_code, plate_label = EXCLUDED.plate_label,"
                        + " exposure_min = EXCLUDED.exposure_min, emulsion = EXCLUDED.emulsion, plate_grade = EXCLUDED.plate_grade,"
                        + " naxis1 = EXCLUDED.naxis1, naxis2 = EXCLUDED.naxis2, xpixelsz_um = EXCLUDED.xpixelsz_um,"
                        + " plate_scale = EXCLUDED.plate_scale, survey = EXCLUDED.survey")) {
            int n = 0;
            for (Plate p : plates.all()) {
                ps.setString(1, p.plateId());
                ps.setDouble(2, p.raDeg());
                ps.setDouble(3, p.decDeg());
                ps.setString(4, p.dateObs());
                ps.setString(5, p.plateCode());
                ps.setString(6, p.label());
                setDouble(ps, 7, p.exposureMin());
                ps.setString(8, p.emulsion());
                ps.setString(9, p.grade());
                ps.setInt(10, p.naxis1());
                ps.setInt(11, p.naxis2());
                setDouble(ps, 12, p.xPixelSizeMicron());
                setDouble(ps, 13, p.plateScale());
                ps.setString(14, p.survey());
                ps.addBatch();
                if (++n % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private void upsertTiles(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (tile_id) DO UPDATE SET plate_id = EXCLUDED.plate_id,"
                        + " plate_tile_idx = EXCLUDED.plate_tile_idx, ra_deg = EXCLUDED.ra_deg, dec_deg = EXCLUDED.dec_deg,"
                        + " size_arcmin = EXCLUDED.size_arcmin, survey = EXCLUDED.survey")) {
            int n = 0;
            for (PlanTile t : plan) {
                ps.setString(1, t.tileId().value());
                ps.setString(2, t.plateId());
                ps.setInt(3, t.plateTileIdx());
                ps.setDouble(4, t.raDeg());
                ps.setDouble(5, t.decDeg());
                ps.setInt(6, t.sizeArcmin());
                ps.setString(7, t.survey());
                ps.addBatch();
                if (++n % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void setDouble(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
