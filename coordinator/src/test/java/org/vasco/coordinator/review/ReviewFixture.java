package org.vasco.coordinator.review;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.db.Database;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.service.ServiceEndpoint;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.testkit.archives.CutoutSource;
import org.vasco.testkit.archives.LoopbackDssServer;
import org.vasco.testkit.services.SharedServices;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;

/**
 * A run to review, seeded straight into the shared database: two plan tiles of plate XE002 (the first with a
 * rendered 10′ synthetic cut-out under {@code tiles/<tile>/raw/} in a fresh storage, its Gaia, PS1, USNO-B and
 * bright-star neighbourhoods under {@code catalogs/} as the xmatch step keeps them, and a PSF FWHM in its extract
 * step's metrics), step-4 summaries on both, and three candidates on the first tile, at two of its stars: two final
 * ones (one with a measurement that holds HTML) and one a stage rejected. A loopback DSS server serves the synthetic
 * sky (its modern epoch for DSS2 red). Also starts an HTTP endpoint serving {@link ReviewRoutes} for tests that need
 * no coordinator.
 */
public final class ReviewFixture implements AutoCloseable {

    public static final String TOKEN = "review-token-0123456789";
    /** The tiles' PSF FWHM as their extract step recorded it. */
    static final double PSF_FWHM_PX = 3.2;
    static final String PLATE = "XE002";
    public static final String HOSTILE = "<script>alert('x')</script>";
    static final SyntheticSky SKY = SyntheticSky.withSeed(20260401L).withSizeArcmin(10).withVanishingCount(0)
            .withAsteroidCount(0);
    private static SkyTile rendered;

    public final String runId = "review-" + UUID.randomUUID().toString().substring(0, 12);
    public final Plate plate = PlateCatalogue.bundled().find(PLATE).orElseThrow();
    public final TileId tile;
    public final TileId otherTile;
    public final List<TruthObject> stars;
    public final ArtefactStore store;
    public final Database db = SharedServices.get().database();
    /** The stand-in of STScI's dss_search the modern-epoch cut-outs come from. */
    public final LoopbackDssServer dss = LoopbackDssServer.start(CutoutSource.synthetic(SKY));
    private final List<AutoCloseable> open = new ArrayList<>(List.of(dss));

    public ReviewFixture() throws IOException, SQLException {
        // Plan tiles only: other tests count the plan's rows in the shared database.
        PlanCatalogueLoader.bundled().ensureLoaded(db);
        List<TileId> planTiles = planTiles();
        tile = planTiles.get(0);
        otherTile = planTiles.get(1);
        SkyTile sky = sky(tile, plate.plateId());
        int n = (int) Math.round(10 * 60 / 1.7);
        // Isolated stars (nothing brighter than 2 mag fainter within 40 px), so each stamp shows one star centred.
        stars = sky.truth(TruthKind.STAR).stream()
                .filter(s -> !s.saturated() && s.xPixel() > 40 && s.xPixel() < n - 40 && s.yPixel() > 40 && s.yPixel() < n - 40)
                .filter(s -> sky.truth().stream().noneMatch(o -> o != s && o.magnitude() < s.magnitude() + 2
                        && Math.hypot(o.xPixel() - s.xPixel(), o.yPixel() - s.yPixel()) < 40))
                .sorted((a, b) -> Double.compare(a.magnitude(), b.magnitude())).limit(2).toList();
        if (stars.size() < 2) {
            throw new IllegalStateException("the synthetic tile has fewer than two unsaturated stars away from its edges");
        }
        store = new ArtefactStore(SharedServices.get().newDirectory("review-data"));
        Path raw = Files.createDirectories(store.tileArea(tile, TileArea.RAW));
        Files.write(raw.resolve(sky.fitsFileName()), sky.fits());
        for (Catalogue catalogue : Catalogue.values()) {
            Path file = store.catalogNeighbourhood(catalogue.label(), tile);
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                NeighbourhoodCsv.write(catalogue, sky.neighbourhood(catalogue, catalogue == Catalogue.PS1_BRIGHT ? 45.0
                        : sky.defaultNeighbourhoodRadiusArcmin()).rows(), out);
            }
        }
        seed();
    }

    /** The first tile's cut-out, rendered once per JVM. */
    static synchronized SkyTile sky(TileId tile, String plateId) {
        if (rendered == null) {
            rendered = SKY.render(tile, plateId);
        }
        return rendered;
    }

    public String src(int number) {
        return tile.value() + ":" + number;
    }

    /** Serves the API and review routes on a fresh endpoint (closed with the fixture); returns its base URL. */
    public String serve(Optional<String> token) throws IOException {
        ServiceEndpoint endpoint = ServiceEndpoint.start(0, new SimpleMeterRegistry(), List.of());
        open.add(endpoint);
        ReviewRoutes.register(endpoint, db, store, new ReviewSettings(token, 1.0, 240, dssService(),
                ReviewSettings.DEFAULT_PAGE_SIZE), new SimpleMeterRegistry(),
                run -> Optional.empty());
        return "http://127.0.0.1:" + endpoint.port();
    }

    /** The loopback DSS as the review page's modern-epoch archive: one attempt, so a refusal shows at once. */
    public ArchiveService dssService() {
        return new ArchiveService("dss", dss.baseUrl(), Duration.ofSeconds(30), 1, Duration.ofMillis(50), 50.0);
    }

    private List<TileId> planTiles() throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT tile_id FROM tile WHERE plate_id = ? ORDER BY plate_tile_idx LIMIT 2")) {
                ps.setString(1, PLATE);
                List<TileId> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(TileId.of(rs.getString(1)));
                    }
                }
                return out;
            }
        });
    }

    private void seed() throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, steps) VALUES (?, ?)")) {
                ps.setString(1, runId);
                ps.setArray(2, c.createArrayOf("text", new Object[] {"download", "extract", "xmatch"}));
                ps.executeUpdate();
            }
            for (TileId t : List.of(tile, otherTile)) {
                for (String step : List.of("download", "extract", "xmatch")) {
                    execute(c, "INSERT INTO run_tile (run_id, tile_id, step, state, attempt, finished_at, metrics)"
                            + " VALUES (?, ?, ?, 'DONE', 1, now(), ?::jsonb)", runId, t.value(), step,
                            step.equals("extract") ? "{\"psf_fwhm_px\": " + PSF_FWHM_PX + "}" : "{}");
                }
            }
            execute(c, "INSERT INTO tile_summary (run_id, tile_id, counters) VALUES (?, ?, ?::jsonb)", runId, tile.value(),
                    "{\"veto_start_rows\": 120, \"veto_gaia_eliminated\": 100, \"late_kept_hard_gates\": 3,"
                            + " \"ps1_veto_enabled\": true}");
            execute(c, "INSERT INTO tile_summary (run_id, tile_id, counters) VALUES (?, ?, ?::jsonb)", runId,
                    otherTile.value(), "{\"veto_start_rows\": 80, \"veto_gaia_eliminated\": 79, \"late_kept_hard_gates\": 0,"
                            + " \"ps1_veto_enabled\": true}");
            for (int k = 0; k < 3; k++) {
                TruthObject star = stars.get(Math.min(k, 1));
                String measurements = k == 0
                        ? "{\"FLUX_AUTO\": 1234.5, \"SNR_WIN\": 41.2, \"FWHM_IMAGE\": 3.52, \"X_IMAGE\": 518.664794921875,"
                                + " \"NOTE\": \"" + HOSTILE.replace("'", "\\u0027") + "\"}"
                        : "{\"FLUX_AUTO\": 987.0, \"SNR_WIN\": 33.0, \"FLAGS\": 3}";
                execute(c, "INSERT INTO candidate (run_id, src_id, tile_id, plate_id, object_number, ra_deg, dec_deg,"
                        + " plate_epoch, measurements) VALUES (?, ?, ?, ?, ?, ?, ?, 1953.2, ?::jsonb)", runId, src(k + 1),
                        tile.value(), plate.plateId(), k + 1, star.raDeg(), star.decDeg(), measurements);
            }
            for (int k = 1; k <= 2; k++) {
                execute(c, "INSERT INTO candidate_flag (run_id, src_id, stage, verdict) VALUES (?, ?, 'morphology', 'KEEP')",
                        runId, src(k));
            }
            execute(c, "INSERT INTO candidate_flag (run_id, src_id, stage, verdict, reason) VALUES (?, ?, 'skybot', 'REJECT',"
                    + " 'known asteroid')", runId, src(3));
            execute(c, "INSERT INTO stage_ledger_run (run_id, stage) VALUES (?, 'skybot')", runId);
            execute(c, "INSERT INTO stage_ledger_tile (run_id, stage, tile_id, input_rows, rejected_rows, kept_rows, flagged_rows)"
                    + " VALUES (?, 'skybot', ?, 3, 1, 2, 0)", runId, tile.value());
            return null;
        });
    }

    /** Review rows of a candidate, oldest first, as "verdict/reviewer". */
    public List<String> reviewRows(String srcId) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT verdict || '/' || reviewer FROM review_verdict"
                    + " WHERE run_id = ? AND src_id = ? AND decided_at <= now() ORDER BY id")) {
                ps.setString(1, runId);
                ps.setString(2, srcId);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private static void execute(java.sql.Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
