package org.vasco.veto.chain;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.detection.Detection;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.services.SharedServices;
import org.vasco.testkit.sky.Pass2Ldac;
import org.vasco.veto.stages.Candidate;

/** Run, plate, tile and candidate rows for the chain tests, each test on its own run. */
public final class VetoRows {

    private VetoRows() {
    }

    /**
     * The truth objects of a tile that the reference profile's remote stages keep when every truth object is a
     * candidate at its truth position: the vanishing sources, and the asteroids whose trail's centre (where their image
     * and any detection of it lie, at mid-exposure) is more than the veto radius from where SkyBoT places them at
     * DATE-OBS, the exposure's start the reference asks about (docs/science.md: a fast asteroid moves 6–15″ in half a
     * POSS-I exposure).
     */
    public static int referenceSurvivors(org.vasco.testkit.sky.SkyTile tile, double radiusArcsec) {
        int asteroidsMissed = 0;
        for (org.vasco.testkit.sky.KnownAsteroid a : tile.asteroids()) {
            org.vasco.testkit.sky.TruthObject image = tile.truth(org.vasco.testkit.sky.TruthKind.ASTEROID).stream()
                    .filter(t -> t.id().equals(Integer.toString(a.number()))).findFirst().orElseThrow();
            if (org.vasco.common.sky.SkyGeometry.separationArcsec(image.raDeg(), image.decDeg(), a.raDeg(), a.decDeg())
                    > radiusArcsec) {
                asteroidsMissed++;
            }
        }
        return tile.truth(org.vasco.testkit.sky.TruthKind.VANISHING).size() + asteroidsMissed;
    }

    public static String newRun(Connection c, List<Candidate> candidates) throws SQLException {
        String runId = "veto-" + UUID.randomUUID().toString().substring(0, 8);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run (run_id, steps) VALUES (?, ARRAY['xmatch','veto'])")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
        for (Candidate cand : candidates) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES (?, 150.0, 20.0) ON CONFLICT DO NOTHING")) {
                ps.setString(1, cand.plateId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, "
                    + "dec_deg, size_arcmin, survey) VALUES (?, ?, 0, 150.0, 20.0, 60, 'poss1_red') ON CONFLICT DO NOTHING")) {
                ps.setString(1, cand.tileId());
                ps.setString(2, cand.plateId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidate (run_id, src_id, tile_id, plate_id, "
                    + "object_number, ra_deg, dec_deg, plate_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, runId);
                ps.setString(2, cand.srcId());
                ps.setString(3, cand.tileId());
                ps.setString(4, cand.plateId());
                ps.setInt(5, cand.objectNumber());
                ps.setDouble(6, cand.raDeg());
                ps.setDouble(7, cand.decDeg());
                ps.setDouble(8, cand.epochYear());
                ps.executeUpdate();
            }
        }
        return runId;
    }

    /**
     * Leaves in {@code store}, for each tile of {@code candidates}, the pass-2 catalogue the veto step measures them from
     * (one clean point source per candidate, at its position, under its NUMBER: every one passes the late filters)
     * and an empty PS1 bright-star list (no spike).
     */
    public static void measure(ArtefactStore store, List<Candidate> candidates) throws IOException {
        Map<String, List<Detection>> byTile = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            double ra = c.raDeg();
            double dec = c.decDeg();
            byTile.computeIfAbsent(c.tileId(), k -> new ArrayList<>()).add(new Detection(c.objectNumber(), 0, 100, 100, 100,
                    100, 1.1, 3.0, 98, 103, 98, 103, ra, dec, ra, dec, ra, dec, 1e4, 15.0, 0.9, 0.05, 0.0, 0.001, 100.0, 1e4));
        }
        for (Map.Entry<String, List<Detection>> tile : byTile.entrySet()) {
            TileId id = TileId.of(tile.getKey());
            Pass2Ldac.write(store.tileArea(id, TileArea.EXTRACT).resolve("pass2.ldac"), tile.getValue());
            store.writeAtomically(store.catalogNeighbourhood(Catalogue.PS1_BRIGHT.label(), id),
                    out -> NeighbourhoodCsv.write(Catalogue.PS1_BRIGHT, List.of(), out));
        }
    }

    /** An empty store of the tiles' artefacts. */
    public static ArtefactStore store() {
        return new ArtefactStore(SharedServices.get().newDirectory("veto-store"));
    }

    public static Connection connection() throws SQLException {
        return SharedServices.get().database().connection();
    }

    public static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
