package org.vasco.coordinator.finalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.late.LateCuts;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.common.summary.QualityFigure;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.coordinator.run.ProgressTimeline;
import org.vasco.coordinator.run.StepSpan;

/**
 * Reads a finalised run's {@link RunResults} from the database in one snapshot. Provenance records the code
 * version, the run's mode and parameters, the given settings (those whose name marks a secret redacted whole, and
 * passwords inside URLs masked as in logs), the SExtractor and PSFEx versions the tiles were extracted with, and per
 * catalogue its source (VizieR table or MAST path; the service URLs and {@code VASCO_<CAT>_SOURCE} are among the
 * settings), the neighbourhoods the cross-match used and where they came from (a mirror with its manifest's
 * summary). Thread-safe.
 */
public final class RunResultsQuery {

    /** The tile counters a tile's record keeps: the funnel's, the late cuts' and the spike cut's. */
    public static final List<FunnelCounter> TILE_COUNTERS = List.of(FunnelCounter.DETECTIONS_IN,
            FunnelCounter.VETO_START_ROWS, FunnelCounter.VETO_AFTER_GAIA_ROWS, FunnelCounter.VETO_AFTER_PS1_ROWS,
            FunnelCounter.VETO_AFTER_USNOB_ROWS, FunnelCounter.LATE_REJECT_FLAGS, FunnelCounter.LATE_REJECT_SNR,
            FunnelCounter.LATE_REJECT_SIGMA_CLIP_FWHM, FunnelCounter.LATE_REJECT_SIGMA_CLIP_ELONGATION,
            FunnelCounter.LATE_REJECT_SPREAD_MODEL, FunnelCounter.LATE_REJECT_FWHM, FunnelCounter.LATE_REJECT_ELONGATION,
            FunnelCounter.LATE_REJECT_EXTENT_MIN, FunnelCounter.LATE_REJECT_EXTENT_DELTA,
            FunnelCounter.LATE_KEPT_HARD_GATES, FunnelCounter.SPIKES_REJECTED, FunnelCounter.SURVIVORS);

    /** Settings whose whole value is a secret (the passwords, the SASL JAAS configuration, the review token). */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|JAAS|CREDENTIAL).*");
    static final String REDACTED = "(redacted)";
    private static final String SETTING_PREFIX = "VASCO_";

    private final Database db;
    private final Map<String, String> settings;
    private final String codeVersion;

    /**
     * @param settings    the environment: its {@code VASCO_…} settings are recorded, secrets redacted
     * @param codeVersion the build that writes the results
     */
    public RunResultsQuery(Database db, Map<String, String> settings, String codeVersion) {
        this.db = db;
        this.settings = new TreeMap<>();
        settings.forEach((name, value) -> {
            if (name.startsWith(SETTING_PREFIX)) {
                this.settings.put(name, value);
            }
        });
        this.codeVersion = codeVersion;
    }

    /**
     * The run's results, or empty when the run is not finalised (incomplete, or its finalisation not committed).
     *
     * @throws InvalidRunRequestException when there is no such run
     */
    public Optional<RunResults> load(String runId) throws SQLException, InvalidRunRequestException {
        return db.inSnapshot(c -> load(c, runId));
    }

    /** {@link #load(String)} inside the caller's transaction. */
    public Optional<RunResults> load(Connection c, String runId) throws SQLException, InvalidRunRequestException {
        if (!(FunnelQuery.report(c, runId) instanceof RunReport.Complete complete)) {
            return Optional.empty();
        }
        RunResults.RunInfo run = run(c, runId);
        List<RunCandidate> candidates = RunCandidate.load(c, runId);
        List<String> stages = RunCandidate.stagesOf(candidates);
        List<StepSpan> timeline = ProgressTimeline.spans(c, runId, run.steps());
        List<RunResults.TileRecord> tiles = tiles(c, runId, run.steps());
        return Optional.of(new RunResults(run, complete.funnel(), candidates, stages, verdicts(c, runId, stages),
                ledgers(c, runId), tiles, timeline, provenance(c, run), null));
    }

    private static RunResults.RunInfo run(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT mode, profile, state, steps, parameters::text,"
                + " created_at, completed_at, finalised_at FROM run WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new RunResults.RunInfo(runId, rs.getString(1), rs.getString(2), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray()), json(rs.getString(5)), instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)));
            }
        }
    }

    /** The post stages' verdicts on the run's S0 rows (the tiles' survivors), the late cuts left out. */
    private static List<RunResults.StageVerdict> verdicts(Connection c, String runId, List<String> stages)
            throws SQLException {
        List<RunResults.StageVerdict> verdicts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT f.stage, f.src_id, f.verdict, f.reason, f.details::text"
                + " FROM candidate_flag f JOIN candidate ca ON ca.run_id = f.run_id AND ca.src_id = f.src_id"
                + " WHERE f.run_id = ? AND NOT (f.stage = ANY (?)) AND " + S0Dedup.ON_DONE_TILE + " AND "
                + S0Dedup.PAST_TILE_CUTS)) {
            ps.setString(1, runId);
            ps.setArray(2, c.createArrayOf("text", LateCuts.STAGES.toArray()));
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    verdicts.add(new RunResults.StageVerdict(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), json(rs.getString(5))));
                }
            }
        }
        verdicts.sort(Comparator.comparing((RunResults.StageVerdict v) -> order(stages, v.stage()))
                .thenComparing(RunResults.StageVerdict::srcId));
        return verdicts;
    }

    private static int order(List<String> stages, String stage) {
        int at = stages.indexOf(stage);
        return at < 0 ? Integer.MAX_VALUE : at;
    }

    private static List<RunResults.StageLedger> ledgers(Connection c, String runId) throws SQLException {
        Map<String, RunResults.StageLedger> ledgers = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT stage, fingerprint, parameters::text, input_rows,"
                + " rejected_rows, kept_rows, totals::text FROM stage_ledger WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ledgers.put(rs.getString(1), new RunResults.StageLedger(rs.getString(1), rs.getString(2),
                            json(rs.getString(3)), rs.getInt(4), rs.getInt(5), rs.getInt(6), json(rs.getString(7))));
                }
            }
        }
        return PostStages.ordered(ledgers.keySet()).stream().map(ledgers::get).toList();
    }

    /** Every tile: its final state from its steps, its counters, the extract step's PSF and the WCSFIX status. */
    private static List<RunResults.TileRecord> tiles(Connection c, String runId, List<String> steps) throws SQLException {
        String last = steps.get(steps.size() - 1);
        Map<String, TileBuilder> tiles = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT rt.tile_id, t.plate_id, t.ra_deg, t.dec_deg, rt.step,"
                + " rt.state, rt.reason, rt.error_message, rt.finished_at, rt.metrics::text, ts.counters::text,"
                + " ts.wcsfix::text FROM run_tile rt JOIN tile t ON t.tile_id = rt.tile_id"
                + " LEFT JOIN tile_summary ts ON ts.run_id = rt.run_id AND ts.tile_id = rt.tile_id"
                + " WHERE rt.run_id = ? ORDER BY rt.tile_id, array_position(?, rt.step)")) {
            ps.setString(1, runId);
            ps.setArray(2, c.createArrayOf("text", steps.toArray()));
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TileBuilder t = tiles.computeIfAbsent(rs.getString(1), id -> new TileBuilder());
                    t.tileId = rs.getString(1);
                    t.plateId = rs.getString(2);
                    t.raDeg = rs.getDouble(3);
                    t.decDeg = rs.getDouble(4);
                    String step = rs.getString(5);
                    String state = rs.getString(6);
                    if (t.state == null && (state.equals("FAILED") || state.equals("SKIPPED")
                            || (state.equals("DONE") && step.equals(last)))) {
                        t.state = state;
                        t.step = step;
                        t.reason = rs.getString(7);
                        t.message = rs.getString(8);
                        t.finishedAt = instant(rs.getTimestamp(9));
                    }
                    JsonNode metrics = json(rs.getString(10));
                    if (metrics.has(QualityFigure.PSF_FWHM_PX.key())) {
                        t.psfFwhm = metrics.get(QualityFigure.PSF_FWHM_PX.key()).asDouble();
                        t.psfStars = metrics.path(QualityFigure.PSF_STARS_ACCEPTED.key()).isNumber()
                                ? metrics.get(QualityFigure.PSF_STARS_ACCEPTED.key()).asInt() : null;
                    }
                    t.counters = rs.getString(11);
                    t.wcsfix = rs.getString(12);
                }
            }
        }
        return tiles.values().stream().map(TileBuilder::build).toList();
    }

    private static final class TileBuilder {
        String tileId;
        String plateId;
        double raDeg;
        double decDeg;
        String state;
        String step;
        String reason;
        String message;
        Instant finishedAt;
        Double psfFwhm;
        Integer psfStars;
        String counters;
        String wcsfix;

        RunResults.TileRecord build() {
            Map<String, Number> values = new LinkedHashMap<>();
            JsonNode c = json(counters);
            for (FunnelCounter counter : TILE_COUNTERS) {
                JsonNode v = c.get(counter.key());
                if (v != null && v.isNumber()) {
                    values.put(counter.key(), v.numberValue());
                }
            }
            JsonNode w = wcsfix == null ? null : json(wcsfix);
            Boolean ok = w == null || !w.has(QualityFigure.WCSFIX_OK.key()) ? null : w.get(QualityFigure.WCSFIX_OK.key()).asBoolean();
            Integer tiePoints = w == null || !w.path(QualityFigure.WCSFIX_TIE_POINTS.key()).isNumber() ? null
                    : w.get(QualityFigure.WCSFIX_TIE_POINTS.key()).asInt();
            JsonNode sigma = w == null ? null : w.path(QualityFigure.WCSFIX_FIT.key()).path(QualityFigure.WCSFIX_SIGMA_ARCSEC.key());
            return new RunResults.TileRecord(tileId, plateId, raDeg, decDeg, state == null ? "UNFINISHED" : state, step,
                    reason, message, finishedAt, values, psfFwhm, psfStars, ok, tiePoints,
                    sigma != null && sigma.isNumber() ? sigma.asDouble() : null);
        }
    }

    private JsonNode provenance(Connection c, RunResults.RunInfo run) throws SQLException {
        ObjectNode p = ApiJson.MAPPER.createObjectNode();
        p.put("run_id", run.runId());
        p.put("code_version", codeVersion);
        p.put("finalised_at", run.finalisedAt() == null ? null : run.finalisedAt().toString());
        ObjectNode mode = p.putObject("run");
        mode.put("mode", run.mode());
        mode.put("profile", run.profile());
        mode.set("steps", ApiJson.MAPPER.valueToTree(run.steps()));
        mode.set("parameters", run.parameters());
        ObjectNode tools = p.putObject("tools");
        tools.set("sextractor", toolVersions(c, run.runId(), QualityFigure.SEXTRACTOR_VERSION));
        tools.set("psfex", toolVersions(c, run.runId(), QualityFigure.PSFEX_VERSION));
        p.set("catalogues", catalogues(c, run.runId()));
        ObjectNode recorded = p.putObject("settings");
        settings.forEach((name, value) -> recorded.put(name, SECRET_NAME.matcher(name).matches() ? REDACTED
                : JdbcConnection.redact(value)));
        return p;
    }

    /** The distinct versions of a tool the run's tile steps recorded, in text order. */
    private static ArrayNode toolVersions(Connection c, String runId, QualityFigure figure) throws SQLException {
        ArrayNode versions = ApiJson.MAPPER.createArrayNode();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT v FROM (SELECT metrics ->> ? AS v"
                + " FROM run_tile WHERE run_id = ?) m WHERE v IS NOT NULL ORDER BY 1")) {
            ps.setString(1, figure.key());
            ps.setString(2, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(rs.getString(1));
                }
            }
        }
        return versions;
    }

    /**
     * Per catalogue, the neighbourhoods of the run's tiles: how many, their rows, completeness and radius, and where
     * they were fetched from (VizieR, MAST, or a mirror with what its manifest says).
     */
    private static ArrayNode catalogues(Connection c, String runId) throws SQLException {
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        try (PreparedStatement ps = c.prepareStatement("SELECT cc.catalog, count(*), sum(cc.row_count),"
                + " count(*) FILTER (WHERE cc.complete), count(*) FILTER (WHERE cc.split), min(cc.radius_arcmin),"
                + " max(cc.radius_arcmin), min(cc.fetched_at), max(cc.fetched_at), sum((cc.details ->> 'requests')::numeric),"
                + " array_agg(DISTINCT cc.details ->> 'source' ORDER BY cc.details ->> 'source')"
                + " FILTER (WHERE cc.details ->> 'source' IS NOT NULL) FROM catalog_cache cc WHERE cc.tile_id IN (SELECT DISTINCT tile_id FROM run_tile WHERE run_id = ?)"
                + " GROUP BY cc.catalog ORDER BY cc.catalog")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode cat = out.addObject();
                    cat.put("catalog", rs.getString(1));
                    Optional<Catalogue> known = Stream.of(Catalogue.values()).filter(k -> k.label().equals(cat.get("catalog").asText()))
                            .findFirst();
                    cat.put("source", known.map(Catalogue::source).orElse(null));
                    known.filter(Catalogue::hasProperMotions).ifPresent(k -> cat.put("epoch", k.epoch()));
                    cat.put("tiles", rs.getLong(2));
                    cat.put("rows", rs.getLong(3));
                    cat.put("complete_tiles", rs.getLong(4));
                    cat.put("split_tiles", rs.getLong(5));
                    cat.put("radius_arcmin_min", rs.getDouble(6));
                    cat.put("radius_arcmin_max", rs.getDouble(7));
                    Timestamp first = rs.getTimestamp(8);
                    Timestamp lastFetch = rs.getTimestamp(9);
                    cat.put("first_fetched_at", first == null ? null : first.toInstant().toString());
                    cat.put("last_fetched_at", lastFetch == null ? null : lastFetch.toInstant().toString());
                    BigDecimal requests = rs.getBigDecimal(10);
                    cat.put("requests", requests == null ? null : requests.longValue());
                    ArrayNode from = cat.putArray("fetched_from");
                    Array sources = rs.getArray(11);
                    if (sources != null) {
                        for (String source : (String[]) sources.getArray()) {
                            from.add(source);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return ApiJson.MAPPER.createObjectNode();
        }
        try {
            return ApiJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL returned invalid jsonb: " + e.getMessage(), e);
        }
    }
}
