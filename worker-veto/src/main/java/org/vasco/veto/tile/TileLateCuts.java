package org.vasco.veto.tile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.detection.Detection;
import org.vasco.common.detection.MeasuredColumns;
import org.vasco.common.late.BrightStarsMissingException;
import org.vasco.common.late.LateCuts;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult.DbEffect;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.summary.TileSummaryWriter;
import org.vasco.common.task.TileTask;
import org.vasco.veto.stages.Candidate;

/**
 * The first thing the veto step does on a tile, in both run modes: the measured columns of its candidates (the
 * USNO-B veto survivors the xmatch step left as {@code candidate} rows) are read from the tile's pass-2 catalogue
 * by NUMBER, and the late filters and the bright-star spike cut ({@link LateCuts}) run on exactly that population.
 * <p>
 * Its database effects, committed with the step: each candidate's {@code measurements} become the measured columns
 * plus the xmatch step's RA_corr/Dec_corr, the spike_reason and the Earth-shadow and nearest-Gaia columns
 * ({@link CandidateChecks}); a candidate the late filters reject gets a
 * {@code LATE} REJECT flag (reason: the reference's reject reasons joined by {@code |}), one the spike cut rejects a
 * {@code SPIKE} REJECT flag (reason CONST or LINE, details spike_d_arcmin and spike_m_near), and a rejected
 * candidate loses any post-stage verdict an earlier attempt left; the counters of the cuts are merged into the
 * tile's {@code tile_summary.counters} ({@link TileSummaryWriter}). Only the candidates that pass both cuts go on to the post stages.
 * <p>
 * Failures: an unreadable or missing pass-2 catalogue, or a missing bright-star list while some candidate needs
 * the spike cut, is transient (reasons {@code DETECTIONS_UNREADABLE}, {@code CATALOGUE_MISSING}); a candidate with
 * no pass-2 object of its NUMBER is permanent ({@code MEASUREMENT_MISSING}): the catalogue and the candidates
 * disagree and no retry will mend that. Stateless apart from its cuts; thread-safe.
 */
final class TileLateCuts {

    private final LateCuts cuts;
    private final ArtefactStore store;
    private final CandidateChecks checks;

    TileLateCuts(LateCuts cuts, ArtefactStore store) {
        this.cuts = cuts;
        this.store = store;
        this.checks = new CandidateChecks(store);
    }

    /**
     * What the cuts did on a tile.
     *
     * @param passed     the candidates for the post stages, with their measured columns
     * @param counters   the cuts' SPEC §8.2 counters
     * @param effects    the writes to commit with the step
     * @param rejections the candidates the cuts removed, by src_id: the {@code candidate_flag} stage and reason
     */
    record Outcome(List<Candidate> passed, Map<String, Object> counters, List<DbEffect> effects,
                   Map<String, String[]> rejections) {
    }

    Outcome apply(TileTask task, List<Candidate> candidates) throws StageException {
        Map<Integer, Detection> measured = candidates.isEmpty() ? Map.of() : measured(task);
        List<Detection> detections = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            Detection d = measured.get(c.objectNumber());
            if (d == null) {
                throw new PermanentStageException("MEASUREMENT_MISSING", task.tileId() + ": candidate " + c.srcId()
                        + " has no object NUMBER " + c.objectNumber() + " in " + Pass2Detections.file(store, task.tile()));
            }
            detections.add(d);
        }
        LateCuts.Outcome outcome;
        try {
            outcome = cuts.apply(detections, () -> brightStars(task), task.tileId());
        } catch (BrightStarsMissingException e) {
            throw new TransientStageException("CATALOGUE_MISSING", e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new TransientStageException("CATALOGUE_MISSING", task.tileId() + ": the PS1 bright-star list cannot be read: "
                    + e.getCause().getMessage(), e.getCause());
        }
        Map<String, Map<String, Object>> checked;
        try {
            checked = checks.of(task.tile(), candidates);
        } catch (IOException e) {
            throw new TransientStageException("CATALOGUE_MISSING", task.tileId() + ": the Gaia neighbourhood cannot be read: "
                    + e.getMessage(), e);
        }
        List<Candidate> passed = new ArrayList<>();
        List<String[]> measurements = new ArrayList<>();
        List<String[]> flags = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++) {
            Candidate c = candidates.get(k);
            LateCuts.Judged j = outcome.judged().get(k);
            Map<String, Object> m = MeasuredColumns.asMap(j.detection());
            m.put("RA_corr", c.measurements().get("RA_corr"));
            m.put("Dec_corr", c.measurements().get("Dec_corr"));
            m.put("spike_reason", j.spikeRejected() ? j.spike().rule().label() : "");
            m.putAll(checked.getOrDefault(c.srcId(), Map.of()));
            measurements.add(new String[] {c.srcId(), MeasuredColumns.json(m)});
            if (j.lateRejected()) {
                rejected.add(c.srcId());
                flags.add(new String[] {c.srcId(), LateCuts.LATE_STAGE, j.lateReasonText(), "{}"});
            } else if (j.spikeRejected()) {
                rejected.add(c.srcId());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("spike_d_arcmin", MeasuredColumns.finiteOrNull(j.spike().distanceArcsec() / 60.0));
                details.put("spike_m_near", MeasuredColumns.finiteOrNull(j.spike().starMagnitude()));
                flags.add(new String[] {c.srcId(), LateCuts.SPIKE_STAGE, j.spike().rule().label(), MeasuredColumns.json(details)});
            } else {
                passed.add(c.withMeasurements(Candidate.numericColumns(m)));
            }
        }
        List<String> all = candidates.stream().map(Candidate::srcId).toList();
        DbEffect summary = TileSummaryWriter.merge(task.runId(), task.tile(), outcome.counters(), null);
        List<DbEffect> effects = new ArrayList<>();
        effects.add(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE candidate SET measurements = ?::jsonb"
                    + " WHERE run_id = ? AND src_id = ?")) {
                for (String[] row : measurements) {
                    ps.setString(1, row[1]);
                    ps.setString(2, task.runId());
                    ps.setString(3, row[0]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM candidate_flag WHERE run_id = ? AND src_id = ANY (?)"
                    + " AND (stage = ANY (?) OR src_id = ANY (?))")) {
                ps.setString(1, task.runId());
                ps.setArray(2, c.createArrayOf("text", all.toArray()));
                ps.setArray(3, c.createArrayOf("text", LateCuts.STAGES.toArray()));
                ps.setArray(4, c.createArrayOf("text", rejected.toArray()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidate_flag (run_id, src_id, stage, verdict, reason,"
                    + " details) VALUES (?, ?, ?, 'REJECT', ?, ?::jsonb)")) {
                for (String[] flag : flags) {
                    ps.setString(1, task.runId());
                    ps.setString(2, flag[0]);
                    ps.setString(3, flag[1]);
                    ps.setString(4, flag[2]);
                    ps.setString(5, flag[3]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            summary.apply(c);
        });
        Map<String, String[]> rejections = new LinkedHashMap<>();
        flags.forEach(f -> rejections.put(f[0], new String[] {f[1], f[2]}));
        return new Outcome(passed, outcome.counters(), effects, rejections);
    }

    /** The tile's pass-2 objects by NUMBER. */
    private Map<Integer, Detection> measured(TileTask task) throws StageException {
        Optional<List<Detection>> pass2;
        try {
            pass2 = Pass2Detections.read(store, task.tile());
        } catch (IOException e) {
            throw new TransientStageException("DETECTIONS_UNREADABLE", task.tileId() + ": " + e.getMessage(), e);
        }
        if (pass2.isEmpty()) {
            throw new TransientStageException("DETECTIONS_UNREADABLE", task.tileId() + ": there is no pass-2 catalogue at "
                    + Pass2Detections.file(store, task.tile()) + " to measure its candidates from");
        }
        Map<Integer, Detection> byNumber = new HashMap<>();
        for (Detection d : pass2.get()) {
            byNumber.put(d.number(), d);
        }
        return byNumber;
    }

    /** The bright-star list the xmatch step cached, or null when it is not in storage. */
    private CatalogueNeighbourhood brightStars(TileTask task) {
        Path file = store.catalogNeighbourhood(Catalogue.PS1_BRIGHT.label(), task.tile());
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new CatalogueNeighbourhood(Catalogue.PS1_BRIGHT, task.raDeg(), task.decDeg(), Double.NaN,
                    NeighbourhoodCsv.read(Catalogue.PS1_BRIGHT, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
