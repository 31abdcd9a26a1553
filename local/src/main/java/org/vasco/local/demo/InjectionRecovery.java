package org.vasco.local.demo;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.db.Database;
import org.vasco.common.late.LateCuts;
import org.vasco.common.late.SpikeCut;
import org.vasco.common.late.SpikeRules;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.veto.tile.ProfileReplay;

/**
 * Compares a finished run with the synthetic sky's truth. A vanishing source is <em>eligible</em> when the
 * reference criteria should keep it: expected SNR_WIN (the median SExtractor measures for such an object, calibrated on
 * catalogued stars: docs/science.md, "Expected S/N") above {@value #ELIGIBLE_SNR}, outside every bright star's
 * spike zone (SPEC §6.8 rules), inside the 30′ circle and at Dec ≥ the scope gate. It is recovered when a final
 * candidate (no post stage rejected it, not an S0 duplicate) lies within {@value #MATCH_ARCSEC}″; otherwise the
 * step that removed it is found in the run's records: a candidate row's post-stage REJECT, an ArtefactFile.REJECTED row of
 * the cross-match step (circle, catalogue veto, late filter, spike), or no detection at all. A final candidate
 * matching no vanishing source is false, classified by the nearest truth object within the same radius.
 * <p>
 * Each science profile is judged on the same candidate rows: the run's own profile by its recorded flags, every
 * other by what it makes of those rows ({@link org.vasco.veto.tile.ProfileReplay}, given to {@link #compute}).
 */
public final class InjectionRecovery {

    /** The cross-match step's CSV files, read as rows of text cells (quoted cells with commas included). */
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    static final double MATCH_ARCSEC = 2.0;
    static final double ELIGIBLE_SNR = 30.0;
    static final double CIRCLE_ARCMIN = 30.0;

    private final SyntheticSky sky;
    private final double decMinDeg;
    private final Database db;
    private final ArtefactStore store;

    /** @param decMinDeg the scope gate (VASCO_DEC_MIN) */
    public InjectionRecovery(SyntheticSky sky, double decMinDeg, Database db, ArtefactStore store) {
        this.sky = sky;
        this.decMinDeg = decMinDeg;
        this.db = db;
        this.store = store;
    }

    /** A candidate row (a veto survivor) with its rejections: by the late filters or spike cut, or by post stages. */
    private record Candidate(String srcId, double raDeg, double decDeg, String duplicateOf, List<String> rejects,
                             boolean tileCut) {
        boolean isFinal() {
            return rejects.isEmpty() && (duplicateOf == null || duplicateOf.isEmpty());
        }

        /** The same row as another profile judged it (a row it did not judge is an S0 duplicate). */
        Candidate judgedBy(Map<String, ProfileReplay.Fate> fates) {
            ProfileReplay.Fate fate = fates.get(srcId);
            if (fate == null || fate.survives()) {
                return new Candidate(srcId, raDeg, decDeg, duplicateOf, List.of(), false);
            }
            boolean cut = fate.removedBy().startsWith(LateCuts.LATE_STAGE + ":") || fate.removedBy().startsWith(LateCuts.SPIKE_STAGE + ":");
            return new Candidate(srcId, raDeg, decDeg, duplicateOf, List.of(readable(fate.removedBy())), cut);
        }
    }

    /** A replayed removal as the run's flags read: the late cuts by their old names. */
    private static String readable(String removedBy) {
        if (removedBy.startsWith(LateCuts.LATE_STAGE + ": ")) {
            return "late filters: " + removedBy.substring(LateCuts.LATE_STAGE.length() + 2);
        }
        if (removedBy.startsWith(LateCuts.SPIKE_STAGE + ": ")) {
            return "spike cut: " + removedBy.substring(LateCuts.SPIKE_STAGE.length() + 2);
        }
        return "post stage " + removedBy;
    }

    /** A row of the cross-match step's ArtefactFile.REJECTED. */
    private record Row(double raDeg, double decDeg, String removedBy) {
    }

    /**
     * The figures of a run of {@code runProfile}, and of every profile in {@code replayed} on the same candidate rows.
     *
     * @param replayed per other profile, its fate of each candidate row ({@link ProfileReplay#replay})
     */
    public RecoveryReport compute(String runId, ScienceProfile runProfile, List<DemoTile> tiles,
                                  Map<ScienceProfile, Map<String, ProfileReplay.Fate>> replayed) throws SQLException, IOException {
        Map<String, List<Candidate>> recorded = candidates(runId);
        Map<ScienceProfile, Map<String, List<Candidate>>> byProfile = new EnumMap<>(ScienceProfile.class);
        byProfile.put(runProfile, recorded);
        replayed.forEach((p, fates) -> {
            if (p != runProfile) {
                Map<String, List<Candidate>> judged = new HashMap<>();
                recorded.forEach((tile, rows) -> judged.put(tile, rows.stream().map(c -> c.judgedBy(fates)).toList()));
                byProfile.put(p, judged);
            }
        });
        List<InjectedSource> injected = new ArrayList<>();
        Map<ScienceProfile, List<FalseCandidate>> falses = new EnumMap<>(ScienceProfile.class);
        byProfile.keySet().forEach(p -> falses.put(p, new ArrayList<>()));
        for (DemoTile t : tiles) {
            SkyTile image = t.render(sky);
            List<Row> rejected = rows(store.artefacts(TileId.of(t.tileId())).rejected(), "ra", "dec", true);
            SpikeCut spikes = spikeCut(image);
            List<TruthObject> vanishing = image.truth(TruthKind.VANISHING);
            for (TruthObject v : vanishing) {
                String ineligible = ineligibleBecause(v, t, spikes);
                Map<String, InjectedSource.Result> results = new LinkedHashMap<>();
                for (Map.Entry<ScienceProfile, Map<String, List<Candidate>>> p : byProfile.entrySet()) {
                    results.put(p.getKey().label(), result(v, p.getValue().getOrDefault(t.tileId(), List.of()), rejected));
                }
                InjectedSource.Result own = results.get(runProfile.label());
                injected.add(new InjectedSource(v.id(), t.tileId(), v.raDeg(), v.decDeg(), v.magnitude(), v.expectedSnr(),
                        ineligible.isEmpty(), ineligible, own.recovered(), own.candidate(), own.removedBy(), results));
            }
            for (Map.Entry<ScienceProfile, Map<String, List<Candidate>>> p : byProfile.entrySet()) {
                for (Candidate c : p.getValue().getOrDefault(t.tileId(), List.of())) {
                    if (!c.isFinal() || nearestTruth(vanishing, c) != null) {
                        continue;
                    }
                    TruthObject what = nearestTruth(image.truth(), c);
                    falses.get(p.getKey()).add(new FalseCandidate(c.srcId(), t.tileId(), c.raDeg(), c.decDeg(),
                            what == null ? "unknown" : what.kind().label(),
                            what == null ? "" : (what.detail().isEmpty() ? what.id() : what.detail() + " " + what.id()),
                            p.getKey().label()));
                }
            }
        }
        return new RecoveryReport(runId, runProfile, tiles.size(), injected, falses);
    }

    /** What one profile's candidate rows of a tile made of a vanishing source. */
    private static InjectedSource.Result result(TruthObject v, List<Candidate> onTile, List<Row> rejected) {
        Candidate match = nearest(onTile, v.raDeg(), v.decDeg(), true);
        if (match != null) {
            return new InjectedSource.Result(true, match.srcId(), "");
        }
        Candidate row = nearest(onTile, v.raDeg(), v.decDeg(), false);
        String removedBy;
        if (row != null) {
            removedBy = row.rejects().isEmpty() ? "S0 dedup: duplicate of " + row.duplicateOf()
                    : (row.tileCut() || row.rejects().get(0).startsWith("post stage ") ? "" : "post stage ")
                    + String.join("; ", row.rejects());
        } else {
            Row r = nearestRow(rejected, v.raDeg(), v.decDeg());
            removedBy = r != null ? r.removedBy() : "not detected (no pass-2 detection within " + MATCH_ARCSEC + "\")";
        }
        return new InjectedSource.Result(false, row == null ? "" : row.srcId(), removedBy);
    }

    private String ineligibleBecause(TruthObject v, DemoTile t, SpikeCut spikes) {
        List<String> why = new ArrayList<>();
        if (!(v.expectedSnr() > ELIGIBLE_SNR)) {
            why.add(String.format(Locale.ROOT, "expected SNR_WIN %.1f <= %.0f", v.expectedSnr(), ELIGIBLE_SNR));
        }
        SpikeCut.Verdict spike = spikes.judge(v.raDeg(), v.decDeg());
        if (spike.rejected()) {
            why.add(String.format(Locale.ROOT, "in the spike zone of an r=%.2f star %.1f\" away", spike.starMagnitude(),
                    spike.distanceArcsec()));
        }
        if (SkyGeometry.separationArcsec(v.raDeg(), v.decDeg(), t.raDeg(), t.decDeg()) / 60.0 > CIRCLE_ARCMIN) {
            why.add("outside the 30' circle");
        }
        if (v.decDeg() < decMinDeg) {
            why.add(String.format(Locale.ROOT, "Dec below the scope gate %.1f", decMinDeg));
        }
        return String.join("; ", why);
    }

    private static SpikeCut spikeCut(SkyTile image) {
        CatalogueNeighbourhood bright = image.neighbourhood(Catalogue.PS1_BRIGHT, SkyTile.BRIGHT_STAR_RADIUS_ARCMIN);
        return new SpikeCut(SpikeRules.reference(), bright.ra(), bright.dec(), bright.doubles("rmag"));
    }

    private static Candidate nearest(List<Candidate> candidates, double ra, double dec, boolean finalOnly) {
        Candidate best = null;
        double bestArcsec = MATCH_ARCSEC;
        for (Candidate c : candidates) {
            double d = SkyGeometry.separationArcsec(ra, dec, c.raDeg(), c.decDeg());
            if ((!finalOnly || c.isFinal()) && d <= bestArcsec) {
                best = c;
                bestArcsec = d;
            }
        }
        return best;
    }

    private static Row nearestRow(List<Row> rows, double ra, double dec) {
        Row best = null;
        double bestArcsec = MATCH_ARCSEC;
        for (Row r : rows) {
            double d = SkyGeometry.separationArcsec(ra, dec, r.raDeg(), r.decDeg());
            if (d <= bestArcsec) {
                best = r;
                bestArcsec = d;
            }
        }
        return best;
    }

    private static TruthObject nearestTruth(List<TruthObject> truth, Candidate c) {
        TruthObject best = null;
        double bestArcsec = MATCH_ARCSEC;
        for (TruthObject o : truth) {
            double d = SkyGeometry.separationArcsec(c.raDeg(), c.decDeg(), o.raDeg(), o.decDeg());
            if (d <= bestArcsec) {
                best = o;
                bestArcsec = d;
            }
        }
        return best;
    }

    private Map<String, List<Candidate>> candidates(String runId) throws SQLException {
        Map<String, List<String>> rejects = new HashMap<>();
        Map<String, Boolean> tileCut = new HashMap<>();
        Map<String, List<Candidate>> byTile = new HashMap<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT src_id, stage, reason FROM candidate_flag WHERE run_id = ? AND verdict = 'REJECT' ORDER BY stage")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String reason = rs.getString(3);
                        String stage = rs.getString(2);
                        boolean cut = LateCuts.STAGES.contains(stage);
                        if (cut) {
                            tileCut.put(rs.getString(1), true);
                        }
                        // the late cuts read as the cross-match step's rejections did before they moved to the veto step
                        String what = stage.equals(LateCuts.LATE_STAGE) ? "late filters" : stage.equals(LateCuts.SPIKE_STAGE)
                                ? "spike cut" : stage;
                        rejects.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(what + (reason == null || reason.isBlank() ? "" : (cut ? ": " : " (") + reason + (cut ? "" : ")")));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT src_id, tile_id, ra_deg, dec_deg, duplicate_of FROM candidate WHERE run_id = ? ORDER BY src_id")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String src = rs.getString(1);
                        byTile.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new Candidate(src, rs.getDouble(3),
                                rs.getDouble(4), rs.getString(5), rejects.getOrDefault(src, List.of()), tileCut.getOrDefault(src, false)));
                    }
                }
            }
        }
        return byTile;
    }

    /**
     * The positions of an xmatch CSV; for ArtefactFile.REJECTED each row also says what removed it. A missing file (the
     * step never ran for the tile) has no rows.
     */
    private static List<Row> rows(Path csv, String raColumn, String decColumn, boolean rejected) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.isRegularFile(csv)) {
            return rows;
        }
        try (MappingIterator<String[]> records = CSV.readerFor(String[].class).readValues(csv.toFile())) {
            if (!records.hasNext()) {
                return rows;
            }
            List<String> names = List.of(records.next());
            int ra = column(names, raColumn, csv);
            int dec = column(names, decColumn, csv);
            int stage = rejected ? column(names, "stage", csv) : -1;
            int reason = rejected ? column(names, "reject_reason", csv) : -1;
            while (records.hasNext()) {
                String[] cells = records.next();
                if (cells.length <= Math.max(ra, dec) || cells[ra].isEmpty() || cells[dec].isEmpty()) {
                    continue;
                }
                String removedBy = rejected ? "xmatch " + cells[stage] + (cells[reason].isEmpty() ? "" : ": " + cells[reason]) : "";
                rows.add(new Row(Double.parseDouble(cells[ra]), Double.parseDouble(cells[dec]), removedBy));
            }
        }
        return rows;
    }

    private static int column(List<String> names, String name, Path csv) throws IOException {
        int k = names.indexOf(name);
        if (k < 0) {
            throw new IOException(csv + " has no " + name + " column (header " + names + ")");
        }
        return k;
    }
}
