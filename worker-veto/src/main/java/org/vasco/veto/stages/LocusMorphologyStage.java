package org.vasco.veto.stages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.psf.LocusComparison;

/**
 * S0M of the corrected profile (docs/science.md): a candidate's SPREAD_MODEL and FWHM_IMAGE against those of its
 * tile's catalogued stars of similar S/N ({@link TileLocus}, {@link LocusComparison}): rejected when either lies more
 * than its limit (in robust σ of those stars) above or below their median. Above is what the reference's S0M and
 * SPREAD_MODEL gate look for (an extended object); below is sharper than any star of that S/N (dust, a plate flaw).
 * Comparing at the candidate's S/N follows the plate: its faint stars are narrower and their SPREAD_MODEL lower than
 * its bright ones, which a fixed gate or a median over bright PSF stars does not. A tile without its locus, or with
 * fewer than {@value #MIN_STARS} clean locus stars near the candidate's S/N, passes its candidates flagged
 * {@code locus_insufficient}; a candidate without the columns passes flagged {@code candidate_not_found}.
 */
public final class LocusMorphologyStage implements VetoStage {

    /** Comparison stars wanted; the S/N window widens until it holds this many. */
    static final int WANTED_STARS = 25;
    /** Fewer than this and the candidate is not judged. */
    static final int MIN_STARS = 10;

    private final TileLocus locus;
    private final double spreadZMax;
    private final double fwhmZMax;

    /**
     * @param spreadZMax reject |SPREAD_MODEL − locus median| above this many robust σ
     * @param fwhmZMax   reject |FWHM_IMAGE − locus median| above this many robust σ
     */
    public LocusMorphologyStage(TileLocus locus, double spreadZMax, double fwhmZMax) {
        this.locus = locus;
        this.spreadZMax = spreadZMax;
        this.fwhmZMax = fwhmZMax;
    }

    @Override
    public String name() {
        return MorphologyStage.NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("method", "stellar locus at the candidate's SNR_WIN");
        p.put("spread_z_max", spreadZMax);
        p.put("fwhm_z_max", fwhmZMax);
        p.put("wanted_stars", WANTED_STARS);
        p.put("min_stars", MIN_STARS);
        return p;
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException {
        Map<String, Optional<List<TileLocus.LocusStar>>> tiles = new HashMap<>();
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        try {
            for (Candidate c : batch) {
                verdicts.add(verdict(c, tiles.computeIfAbsent(c.tileId(), this::stars)));
            }
        } catch (UncheckedIOException e) {
            throw new VetoStageException(name(), true, "reading a tile's locus stars failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
        return verdicts;
    }

    private Optional<List<TileLocus.LocusStar>> stars(String tileId) {
        try {
            return locus.locusFor(tileId).map(all -> all.stream().filter(TileLocus.LocusStar::clean).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CandidateVerdict verdict(Candidate c, Optional<List<TileLocus.LocusStar>> tile) {
        if (tile.isEmpty()) {
            return CandidateVerdict.flag(c.srcId(), "catalog_missing", Map.of());
        }
        var snr = c.measurement("SNR_WIN");
        var fwhm = c.measurement("FWHM_IMAGE");
        var spread = c.measurement("SPREAD_MODEL");
        if (snr.isEmpty() || fwhm.isEmpty() || spread.isEmpty()) {
            return CandidateVerdict.flag(c.srcId(), "candidate_not_found", Map.of());
        }
        int self = c.objectNumber();
        List<TileLocus.LocusStar> others = tile.get().stream().filter(s -> s.number() != self).toList();
        List<TileLocus.LocusStar> near = LocusComparison.similarSnr(others, TileLocus.LocusStar::snrWin, snr.getAsDouble(),
                WANTED_STARS);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("locus_stars", near.size());
        if (near.size() < MIN_STARS) {
            return CandidateVerdict.flag(c.srcId(), "locus_insufficient", details);
        }
        LocusComparison.Outlier s = LocusComparison.of(spread.getAsDouble(),
                near.stream().mapToDouble(TileLocus.LocusStar::spreadModel).toArray());
        LocusComparison.Outlier f = LocusComparison.of(fwhm.getAsDouble(),
                near.stream().mapToDouble(TileLocus.LocusStar::fwhmImage).toArray());
        put(details, "spread", s);
        put(details, "fwhm", f);
        List<String> reasons = new ArrayList<>();
        twoSided(reasons, "spread_model", s.z(), spreadZMax);
        twoSided(reasons, "fwhm", f.z(), fwhmZMax);
        return reasons.isEmpty() ? CandidateVerdict.keep(c.srcId(), details)
                : CandidateVerdict.reject(c.srcId(), String.join(",", reasons), details);
    }

    private static void twoSided(List<String> reasons, String what, double z, double limit) {
        if (z > limit) {
            reasons.add(what + "_high");
        } else if (z < -limit) {
            reasons.add(what + "_low");
        }
    }

    static void put(Map<String, Object> details, String what, LocusComparison.Outlier o) {
        putFinite(details, what + "_locus_median", o.median());
        putFinite(details, what + "_locus_sigma", o.sigma());
        putFinite(details, what + "_z", o.z());
    }

    static void putFinite(Map<String, Object> details, String key, double value) {
        if (Double.isFinite(value)) {
            details.put(key, value);
        }
    }
}
