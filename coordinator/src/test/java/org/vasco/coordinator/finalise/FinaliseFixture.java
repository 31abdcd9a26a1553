package org.vasco.coordinator.finalise;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.vasco.common.db.Database;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.testkit.services.SharedServices;

/**
 * A four-step run seeded straight into the shared database on real plan tiles (other tests count the plan's rows):
 * <ul>
 *   <li>tile A (plate XE002): 3 survivors: A:1 at P, A:2 0.3″ north of A:1, A:3 20″ away;</li>
 *   <li>tile B (the nearest tile of another plate): 1 survivor B:1 0.1″ south of A:1, a cross-plate duplicate;</li>
 *   <li>tile E (XE002): done with no survivor, a valid empty tile;</li>
 *   <li>tile F (XE002): FAILED at extract (PSF_FAILED), with a stray summary that must not be counted.</li>
 * </ul>
 * Verdicts: S0M_MORPH KEEP on A:1, A:2, B:1 and REJECT on A:3; S1_GSC FLAG on A:1 and B:1, REJECT on A:2.
 * So S0 = 3, after S0M_MORPH 2, after S1_GSC 1, final 1 (the A:1/B:1 representative).
 * Tile A also has two veto survivors the veto step's late cuts removed, which are no survivors of the tile: A:0
 * (LATE REJECT, 0.05″ from A:1, so it would take A:1's cluster over if S0 saw it) and A:9 (SPIKE REJECT, 40″ away).
 */
public final class FinaliseFixture {

    public static final List<String> STEPS = List.of("download", "extract", "xmatch", "veto");
    public static final double ARCSEC = 1.0 / 3600.0;

    public final Database db = SharedServices.get().database();
    public final String runId;
    public final String tileA;
    public final String tileB;
    public final String plateB;
    public final String tileEmpty;
    public final String tileFailed;
    public final double ra;
    public final double dec;

    public FinaliseFixture(String prefix) throws SQLException {
        runId = prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
        PlanCatalogueLoader.bundled().ensureLoaded(db);
        List<String[]> xe002 = query("SELECT tile_id, ra_deg, dec_deg FROM tile WHERE plate_id = 'XE002'"
                + " ORDER BY plate_tile_idx LIMIT 3");
        tileA = xe002.get(0)[0];
        tileEmpty = xe002.get(1)[0];
        tileFailed = xe002.get(2)[0];
        ra = Double.parseDouble(xe002.get(0)[1]);
        dec = Double.parseDouble(xe002.get(0)[2]);
        String[] other = query("SELECT tile_id, plate_id FROM tile WHERE plate_id <> 'XE002'"
                + " ORDER BY abs(dec_deg - " + dec + ") + abs(ra_deg - " + ra + ") LIMIT 1").get(0);
        tileB = other[0];
        plateB = other[1];
    }

    public String a(int n) {
        return tileA + ":" + n;
    }

    public String b(int n) {
        return tileB + ":" + n;
    }

    /** The representative S0 must choose for the cross-plate pair: the smaller id. */
    public String representative() {
        return a(1).compareTo(b(1)) < 0 ? a(1) : b(1);
    }

    public String duplicate() {
        return representative().equals(a(1)) ? b(1) : a(1);
    }

    /** Seeds the complete run described above. */
    public FinaliseFixture seedComplete() throws SQLException {
        db.inTransaction(c -> {
            run(c);
            for (String tile : List.of(tileA, tileB, tileEmpty)) {
                for (String step : STEPS) {
                    tileStep(c, tile, step, "DONE", null);
                }
            }
            tileStep(c, tileFailed, "download", "DONE", null);
            tileStep(c, tileFailed, "extract", "FAILED", "PSF_FAILED");
            summary(c, tileA, 100, 40, 20, 10, 5, 3);
            summary(c, tileB, 50, 30, 15, 8, 2, 1);
            summary(c, tileEmpty, 70, 10, 5, 2, 0, 0);
            summary(c, tileFailed, 999, 999, 999, 999, 999, 999);
            candidate(c, a(1), tileA, "XE002", ra, dec);
            candidate(c, a(2), tileA, "XE002", ra, dec + 0.3 * ARCSEC);
            candidate(c, a(3), tileA, "XE002", ra, dec + 20 * ARCSEC);
            candidate(c, b(1), tileB, plateB, ra, dec - 0.1 * ARCSEC);
            candidate(c, a(0), tileA, "XE002", ra, dec + 0.05 * ARCSEC);
            candidate(c, a(9), tileA, "XE002", ra, dec + 40 * ARCSEC);
            flag(c, a(0), "LATE", "REJECT", "snr|fwhm");
            flag(c, a(9), "SPIKE", "REJECT", "CONST");
            flag(c, a(1), "S0M_MORPH", "KEEP", null);
            flag(c, a(2), "S0M_MORPH", "KEEP", null);
            flag(c, b(1), "S0M_MORPH", "KEEP", null);
            flag(c, a(3), "S0M_MORPH", "REJECT", "extended, \"galaxy\" <like>");
            flag(c, a(1), "S1_GSC", "FLAG", "faint GSC neighbour");
            flag(c, b(1), "S1_GSC", "FLAG", "faint GSC neighbour");
            flag(c, a(2), "S1_GSC", "REJECT", "GSC star");
            return null;
        });
        return this;
    }

    /** Seeds a run whose tile A is done and whose empty tile is still RUNNING its veto step. */
    public FinaliseFixture seedIncomplete() throws SQLException {
        db.inTransaction(c -> {
            run(c);
            for (String step : STEPS) {
                tileStep(c, tileA, step, "DONE", null);
            }
            for (String step : STEPS.subList(0, 3)) {
                tileStep(c, tileEmpty, step, "DONE", null);
            }
            tileStep(c, tileEmpty, "veto", "RUNNING", null);
            summary(c, tileA, 100, 40, 20, 10, 5, 1);
            candidate(c, a(1), tileA, "XE002", ra, dec);
            return null;
        });
        return this;
    }

    /**
     * Adds what the run report draws to a seeded run: the extract step's PSF figures and tool versions, the tiles'
     * detections, late-cut counters and WCSFIX status, the survivors' SNR_WIN, the post stages' ledgers, and start
     * times a minute before each finish.
     */
    public FinaliseFixture seedQuality() throws SQLException {
        db.inTransaction(c -> {
            int k = 0;
            for (String tile : List.of(tileA, tileB, tileEmpty, tileFailed)) {
                k++;
                execute(c, "UPDATE run_tile SET started_at = finished_at - interval '1 minute', metrics = ?::jsonb"
                        + " WHERE run_id = ? AND tile_id = ? AND step = 'extract' AND state = 'DONE'",
                        "{\"psf_fwhm_px\": " + (2.5 + 0.25 * k) + ", \"psf_stars_accepted\": " + (40 + k)
                                + ", \"sextractor_version\": \"2.25.0\", \"psfex_version\": \"3.21.1\"}", runId, tile);
                execute(c, "UPDATE tile_summary SET counters = counters || ?::jsonb, wcsfix = ?::jsonb"
                        + " WHERE run_id = ? AND tile_id = ?",
                        "{\"detections_in\": " + (150 + 10 * k) + ", \"late_reject_snr\": " + k
                                + ", \"late_reject_fwhm\": 1, \"spikes_rejected\": " + (k % 2) + "}",
                        "{\"ok\": true, \"tie_points\": " + (20 + k) + ", \"fit\": {\"sigma_arcsec\": " + (0.1 * k) + "}}",
                        runId, tile);
            }
            execute(c, "UPDATE run_tile SET started_at = coalesce(started_at, finished_at - interval '30 seconds')"
                    + " WHERE run_id = ?", runId);
            execute(c, "UPDATE candidate SET measurements = measurements || jsonb_build_object('SNR_WIN', 30 + object_number * 7)"
                    + " WHERE run_id = ?", runId);
            // A stage's parameters once per run, its totals as one tile's share (the view stage_ledger sums them).
            for (String stage : List.of("S0M_MORPH", "S1_GSC")) {
                execute(c, "INSERT INTO stage_ledger_run (run_id, stage, fingerprint, parameters)"
                        + " VALUES (?, ?, 'fp-' || ?, '{\"radius_arcsec\": 5}'::jsonb)", runId, stage, stage);
                execute(c, "INSERT INTO stage_ledger_tile (run_id, stage, tile_id, input_rows, kept_rows, flagged_rows,"
                        + " rejected_rows, rejected_by_reason) VALUES (?, ?, ?, 4, 3, 0, 1, '{\"test\": 1}'::jsonb)",
                        runId, stage, tileA);
            }
            return null;
        });
        return this;
    }

    /**
     * Makes the run one of the given science profile and gives its S0 rows what the veto step records for the checks:
     * the representative a Gaia DR3 source within 5″ and inside Earth's shadow, every other S0 row a Gaia source
     * far away and no shadow.
     */
    public FinaliseFixture seedProfileAndChecks(String profile) throws SQLException {
        db.inTransaction(c -> {
            execute(c, "UPDATE run SET profile = ? WHERE run_id = ?", profile, runId);
            execute(c, "UPDATE candidate SET measurements = measurements"
                    + " || '{\"nearest_gaia_arcsec\": 42.0, \"in_earth_shadow\": 0}'::jsonb WHERE run_id = ?", runId);
            execute(c, "UPDATE candidate SET measurements = measurements"
                    + " || '{\"nearest_gaia_arcsec\": 3.2, \"in_earth_shadow\": 1}'::jsonb WHERE run_id = ? AND src_id = ?",
                    runId, representative());
            return null;
        });
        return this;
    }

    public List<String[]> query(String sql, Object... args) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[n];
                    for (int k = 0; k < n; k++) {
                        row[k] = rs.getString(k + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private void run(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, steps) VALUES (?, ?)")) {
            ps.setString(1, runId);
            ps.setArray(2, c.createArrayOf("text", STEPS.toArray()));
            ps.executeUpdate();
        }
    }

    private void tileStep(Connection c, String tile, String step, String state, String reason) throws SQLException {
        execute(c, "INSERT INTO run_tile (run_id, tile_id, step, state, attempt, reason, error_message, finished_at)"
                + " VALUES (?, ?, ?, ?, 1, ?, ?, CASE WHEN ? IN ('DONE', 'FAILED') THEN now() END)", runId, tile, step, state,
                reason, reason == null ? null : "PSFEx found no usable stars", state);
    }

    private void summary(Connection c, String tile, int start, int gaia, int ps1, int usnob, int late, int survivors)
            throws SQLException {
        execute(c, "INSERT INTO tile_summary (run_id, tile_id, counters) VALUES (?, ?, ?::jsonb)", runId, tile,
                "{\"veto_start_rows\": " + start + ", \"veto_after_gaia_rows\": " + gaia + ", \"veto_after_ps1_rows\": " + ps1
                        + ", \"veto_after_usnob_rows\": " + usnob + ", \"late_kept_hard_gates\": " + late
                        + ", \"survivors\": " + survivors + ", \"ps1_veto_enabled\": true}");
    }

    private void candidate(Connection c, String srcId, String tile, String plate, double raDeg, double decDeg)
            throws SQLException {
        int number = Integer.parseInt(srcId.substring(srcId.lastIndexOf(':') + 1));
        execute(c, "INSERT INTO candidate (run_id, src_id, tile_id, plate_id, object_number, ra_deg, dec_deg, plate_epoch,"
                + " measurements) VALUES (?, ?, ?, ?, ?, ?, ?, 1952.71, ?::jsonb)", runId, srcId, tile, plate, number, raDeg,
                decDeg, "{\"FLUX_AUTO\": " + (100 + number) + ".5, \"FLAGS\": 0, \"NOTE\": \"a, \\\"quoted\\\" <b>&</b>\"}");
    }

    private void flag(Connection c, String srcId, String stage, String verdict, String reason) throws SQLException {
        execute(c, "INSERT INTO candidate_flag (run_id, src_id, stage, verdict, reason) VALUES (?, ?, ?, ?, ?)",
                runId, srcId, stage, verdict, reason);
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
