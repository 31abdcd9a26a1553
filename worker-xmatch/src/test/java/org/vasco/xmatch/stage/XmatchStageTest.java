package org.vasco.xmatch.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.db.Database;
import org.vasco.common.detection.Detection;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.TanProjection;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.services.SharedServices;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException;
import org.vasco.xmatch.science.CatalogueVetoParameters;

/** The XMATCH stage on the shared PostgreSQL: artefacts, tile_summary and candidate rows, failures by type. */
class XmatchStageTest {

    private static final String PLATE = "XXM001";
    private final SharedServices services = SharedServices.get();
    private final Database db = services.database();
    private final ArtefactStore store = new ArtefactStore(services.newDirectory("xmatch-stage"));
    private final Set<Catalogue> asked = ConcurrentHashMap.newKeySet();

    private static Detection star(int n, double[] p) {
        return new Detection(n, 0, 100, 100, 100, 100, 1.1, 3.0, 98, 103, 98, 103,
                p[0], p[1], p[0], p[1], p[0], p[1], 1e4, 15.0, 0.9, 0.05, 0.0, 0.001, 100.0, 1e4);
    }

    private static String[] gaiaRow(double[] p) {
        return new String[] {Double.toString(p[0]), Double.toString(p[1]), "15", "", "", "0", "0", "", ""};
    }

    /** 36 Gaia stars with a detection each, and two detections with no counterpart (numbers 37, 38). */
    private record Field(List<Detection> detections, List<String[]> gaia) {
    }

    private static Field field(double ra0, double dec0) {
        TanProjection tan = new TanProjection(ra0, dec0);
        List<Detection> detections = new ArrayList<>();
        List<String[]> gaia = new ArrayList<>();
        int n = 1;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double[] p = tan.deproject((-12.5 + 5 * i) / 60, (-12.5 + 5 * j) / 60);
                detections.add(star(n++, p));
                gaia.add(gaiaRow(p));
            }
        }
        detections.add(star(n++, tan.deproject(0, 0)));
        detections.add(star(n, tan.deproject(5.0 / 60, 10.0 / 60)));
        return new Field(detections, gaia);
    }

    private TileTask seed(TileId tile, String dateObs) throws SQLException {
        String run = "xm-" + UUID.randomUUID().toString().substring(0, 8);
        db.inTransaction(c -> {
            exec(c, "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES (?, 0, 0) ON CONFLICT DO NOTHING", PLATE);
            exec(c, "INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey)"
                    + " VALUES (?, ?, (SELECT count(*) FROM tile WHERE plate_id = ?), ?, ?, 60, 'poss1_red') ON CONFLICT DO NOTHING",
                    tile.value(), PLATE, PLATE, tile.raDeg(), tile.decDeg());
            exec(c, "INSERT INTO run (run_id, steps) VALUES (?, ARRAY['xmatch'])", run);
            if (dateObs != null) {
                exec(c, "INSERT INTO tile_download (tile_id, fits_path, sha256, bytes, date_obs_raw) VALUES (?, 'x.fits', 'ab', 1, ?)"
                        + " ON CONFLICT (tile_id) DO UPDATE SET date_obs_raw = EXCLUDED.date_obs_raw", tile.value(), dateObs);
            }
            return null;
        });
        return new TileTask(TileTask.SCHEMA, run, tile, PLATE, tile.raDeg(), tile.decDeg(), Step.XMATCH, 1, "t");
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private XmatchStage stage(Field field, double ra0, double dec0) {
        return new XmatchStage(store, tile -> field.detections(), (catalogue, tile, ra, dec) -> {
            asked.add(catalogue);
            List<String[]> rows = catalogue == Catalogue.GAIA ? field.gaia() : List.of();
            return new CatalogueNeighbourhood(catalogue, ra0, dec0, 45, rows);
        }, new TileDownloadEpochs(db), CatalogueVetoParameters.reference());
    }

    private void commit(StageResult result) throws SQLException {
        db.inTransaction(c -> {
            for (StageResult.DbEffect effect : result.effects()) {
                effect.apply(c);
            }
            return null;
        });
    }

    @Test
    void writesArtefactsSummaryAndCandidatesAndReplacesThemOnARerun() throws Exception {
        TileId tile = TileId.fromCentre(0.1, 20.0);
        TileTask task = seed(tile, "1953-03-11T11:77:00");
        Field field = field(tile.raDeg(), tile.decDeg());
        XmatchStage stage = stage(field, tile.raDeg(), tile.decDeg());
        StageResult result = stage.run(new StageContext(task, 1, Clock.systemUTC()));
        commit(result);
        commit(stage.run(new StageContext(task, 2, Clock.systemUTC())));
        assertThat(result.metrics()).containsEntry("veto_survivors", 2).containsEntry("veto_after_gaia_rows", 2);
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT counters::text, wcsfix::text FROM tile_summary WHERE run_id = ?")) {
                ps.setString(1, task.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    JsonNode counters = XmatchArtefacts.JSON.readTree(rs.getString(1));
                    assertThat(counters.get("veto_gaia_eliminated").asInt()).isEqualTo(36);
                    assertThat(counters.get("veto_after_usnob_rows").asInt()).isEqualTo(2);
                    assertThat(counters.has("survivors")).as("the late cuts' counters are the veto step's").isFalse();
                    assertThat(XmatchArtefacts.JSON.readTree(rs.getString(2)).get("ok").asBoolean()).isTrue();
                    assertThat(rs.next()).isFalse();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT src_id, plate_id, plate_epoch, measurements->>'SNR_WIN'"
                    + " FROM candidate WHERE run_id = ? ORDER BY src_id")) {
                ps.setString(1, task.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> ids = new ArrayList<>();
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        assertThat(rs.getString(2)).isEqualTo(PLATE);
                        assertThat(rs.getDouble(3)).isBetween(1953.19, 1953.20);
                        assertThat(rs.getString(4)).isEqualTo("100.0");
                    }
                    assertThat(ids).containsExactly(tile.value() + ":37", tile.value() + ":38");
                }
            }
        }
        Path dir = store.tileArea(tile, TileArea.XMATCH);
        List<String> vetoSurvivors = Files.readAllLines(ArtefactFile.VETO_SURVIVORS.in(dir));
        assertThat(vetoSurvivors).hasSize(3);
        assertThat(vetoSurvivors.get(0)).isEqualTo("NUMBER,X_IMAGE,Y_IMAGE");
        Detection first = field.detections().stream().filter(d -> d.number() == 37).findFirst().orElseThrow();
        assertThat(vetoSurvivors.get(1)).isEqualTo("37," + Double.toString(first.xImage()) + "," + Double.toString(first.yImage()));
        assertThat(dir.resolve("survivors.csv")).as("the late cuts have not run yet").doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("rejected.csv"))).hasSize(37);
        assertThat(Files.readAllLines(dir.resolve("veto_pairs.csv"))).hasSize(37);
        assertThat(XmatchArtefacts.JSON.readTree(dir.resolve("summary.json").toFile()).get("wcsfix").get("tie_points").asInt())
                .isEqualTo(36);
        assertThat(asked).contains(Catalogue.PS1, Catalogue.PS1_BRIGHT);
    }

    @Test
    void eachCandidateRecordsItsNearestCatalogueSourceAtThePlateEpoch() throws Exception {
        TileId tile = TileId.fromCentre(60.0, 25.0);
        TileTask task = seed(tile, "1955-07-01T00:00:00");
        Field field = field(tile.raDeg(), tile.decDeg());
        // a fast Gaia star 10″ north of candidate 37 at the plate epoch: 2″/yr north, so 135″ away at 2016.0 (outside
        // the 120″ searched) and found only when moved back to the plate; candidate 38 has nothing within 120″
        double[] at37 = new TanProjection(tile.raDeg(), tile.decDeg()).deproject(0, 0);
        double pmDecMasYr = 2000;
        double years = 2016.0 - 1955.5;
        double[] fast = {at37[0], at37[1] + (10.0 + pmDecMasYr / 1000.0 * years) / 3600.0};
        List<String[]> gaia = new ArrayList<>(field.gaia());
        gaia.add(new String[] {Double.toString(fast[0]), Double.toString(fast[1]), "17", "", "", "0",
                Double.toString(pmDecMasYr), "", ""});
        XmatchStage stage = stage(new Field(field.detections(), gaia), tile.raDeg(), tile.decDeg());
        StageResult result = stage.run(new StageContext(task, 1, Clock.systemUTC()));
        assertThat(result.metrics()).containsEntry("veto_survivors", 2);
        commit(result);
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT object_number, ra_deg, dec_deg, plate_epoch,"
                     + " nearest_catalogue_arcsec, nearest_catalogue FROM candidate WHERE run_id = ? ORDER BY object_number")) {
            ps.setString(1, task.runId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(37);
                // where the star was at the plate epoch, moved along its meridian by hand
                double epoch = rs.getDouble(4);
                double starDec = fast[1] - pmDecMasYr / 3.6e6 * (2016.0 - epoch);
                double expected = SkyGeometry.separationArcsec(rs.getDouble(2), rs.getDouble(3), fast[0], starDec);
                assertThat(expected).as("the star at the plate epoch").isBetween(9.0, 11.0);
                assertThat(rs.getDouble(5)).isCloseTo(expected, within(1e-3));
                assertThat(rs.getString(6)).isEqualTo("gaia");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(38);
                assertThat(rs.getDouble(5)).as("none within the search radius").isEqualTo(NearestCatalogueSource.SEARCH_ARCSEC);
                assertThat(rs.getString(6)).isNull();
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void southOfMinus30Ps1IsNeverAskedFor() throws Exception {
        TileId tile = TileId.fromCentre(150.0, -45.0);
        TileTask task = seed(tile, "1958-01-02T03:04:05");
        StageResult result = stage(field(tile.raDeg(), tile.decDeg()), tile.raDeg(), tile.decDeg())
                .run(new StageContext(task, 1, Clock.systemUTC()));
        assertThat(asked).doesNotContain(Catalogue.PS1);
        assertThat(result.metrics()).containsEntry("veto_survivors", 2);
    }

    @Test
    void theFastPathReadsThePositionPassAndAnEmptyRemainderNeedsNoBrightStars() throws Exception {
        TileId tile = TileId.fromCentre(40.0, 15.0);
        TileTask task = seed(tile, "1954-02-03T04:05:06");
        Field field = field(tile.raDeg(), tile.decDeg());
        List<String> read = new ArrayList<>();
        XmatchStage stage = new XmatchStage(store, t -> {
            read.add("pass2");
            return field.detections();
        }, t -> {
            read.add("positions");
            // the Gaia-matched grid only: nothing survives the veto
            return field.detections().stream().filter(d -> d.number() < 37).toList();
        }, (catalogue, t, ra, dec) -> {
            asked.add(catalogue);
            List<String[]> rows = catalogue == Catalogue.GAIA ? field.gaia() : List.of();
            return new CatalogueNeighbourhood(catalogue, tile.raDeg(), tile.decDeg(), 45, rows);
        }, new TileDownloadEpochs(db), CatalogueVetoParameters.reference());
        List<Step> fast = List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.MEASURE, Step.VETO);
        StageResult result = stage.run(new StageContext(task, 1, Clock.systemUTC(), fast));
        assertThat(read).containsExactly("positions");
        assertThat(result.metrics()).containsEntry("veto_survivors", 0);
        assertThat(asked).doesNotContain(Catalogue.PS1_BRIGHT);
        assertThat(Files.readAllLines(store.artefacts(tile).vetoSurvivors()))
                .containsExactly("NUMBER,X_IMAGE,Y_IMAGE");
        // every grid star lies on a G = 15 Gaia star well inside the 30′ circle: all can be S0M PSF stars
        List<String> psfReference = Files.readAllLines(store.artefacts(tile).psfReference());
        assertThat(psfReference).hasSize(37).first().isEqualTo("NUMBER,X_IMAGE,Y_IMAGE");
        assertThat(psfReference.subList(1, 37)).allSatisfy(line -> assertThat(line).endsWith(",100.0,100.0"))
                .extracting(line -> Integer.parseInt(line.split(",")[0])).doesNotHaveDuplicates().allMatch(n -> n >= 1 && n <= 36);
        assertThat(result.metrics()).containsEntry("psf_reference", 36);
        stage.run(new StageContext(task, 2, Clock.systemUTC(), List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.VETO)));
        assertThat(read).containsExactly("positions", "pass2");
    }

    @Test
    void anUnavailableCatalogueIsRetriedAndAMissingEpochFailsTheTile() throws Exception {
        TileId tile = TileId.fromCentre(200.0, 10.0);
        TileTask task = seed(tile, "1955-05-05T05:05:05");
        Field field = field(tile.raDeg(), tile.decDeg());
        XmatchStage failing = new XmatchStage(store, t -> field.detections(), (catalogue, t, ra, dec) -> {
            throw new NeighbourhoodUnavailableException(catalogue, t, NeighbourhoodUnavailableException.Reason.CATALOG_UNREACHABLE,
                    "VizieR answered 503", null);
        }, new TileDownloadEpochs(db), CatalogueVetoParameters.reference());
        assertThatThrownBy(() -> failing.run(new StageContext(task, 1, Clock.systemUTC())))
                .isInstanceOf(TransientStageException.class).hasMessageContaining("503")
                .satisfies(e -> assertThat(((TransientStageException) e).reason()).isEqualTo("CATALOG_UNREACHABLE"));
        TileId bare = TileId.fromCentre(201.0, 10.0);
        TileTask noDownload = seed(bare, null);
        assertThatThrownBy(() -> stage(field, 201.0, 10.0).run(new StageContext(noDownload, 1, Clock.systemUTC())))
                .isInstanceOf(PermanentStageException.class).hasMessageContaining("DATE-OBS");
        assertThat(Files.exists(store.artefacts(tile).vetoSurvivors())).isFalse();
    }
}
