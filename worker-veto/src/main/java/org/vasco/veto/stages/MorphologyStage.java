package org.vasco.veto.stages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * S0M, morphology against the tile's local PSF (SPEC §9.2): reject when {@code FWHM_IMAGE / psf_fwhm_median}
 * exceeds the ratio limit or {@code (SPREAD_MODEL − psf_spread_median) / SPREADERR_MODEL} exceeds the SNR limit;
 * a SPREADERR_MODEL that is not positive gives no S/N and so no rejection, as in the reference. The reference
 * profile's S0M; the corrected profile's is {@link LocusMorphologyStage}.
 * As in the reference, a tile with too few PSF stars or without its catalogues, and a candidate without the
 * needed measurements, pass through flagged rather than judged (the stage is experimental).
 */
public final class MorphologyStage implements VetoStage {

    public static final String NAME = "S0M_MORPH";

    private final TilePsfStars psfStars;
    private final double fwhmRatioMax;
    private final double spreadSnrMax;
    private final int minPsfStars;

    public MorphologyStage(TilePsfStars psfStars, double fwhmRatioMax, double spreadSnrMax, int minPsfStars) {
        this.psfStars = psfStars;
        this.fwhmRatioMax = fwhmRatioMax;
        this.spreadSnrMax = spreadSnrMax;
        this.minPsfStars = minPsfStars;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("fwhm_ratio_max", fwhmRatioMax, "spread_snr_max", spreadSnrMax, "min_psf_stars", minPsfStars,
                "psf_match_arcsec", PsfReference.MATCH_ARCSEC, "psf_elongation_max", PsfReference.ELONGATION_MAX,
                "psf_gmag_range", List.of(PsfReference.G_BRIGHT, PsfReference.G_FAINT));
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException {
        Map<String, Optional<PsfReference>> tiles = new HashMap<>();
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        try {
            for (Candidate c : batch) {
                Optional<PsfReference> psf = tiles.computeIfAbsent(c.tileId(), this::reference);
                verdicts.add(verdict(c, psf));
            }
        } catch (UncheckedIOException e) {
            throw new VetoStageException(NAME, true, "reading a tile's PSF stars failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
        return verdicts;
    }

    private Optional<PsfReference> reference(String tileId) {
        try {
            return psfStars.forTile(tileId).map(PsfReference::of);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CandidateVerdict verdict(Candidate c, Optional<PsfReference> psf) {
        if (psf.isEmpty()) {
            return CandidateVerdict.flag(c.srcId(), "catalog_missing", Map.of());
        }
        PsfReference ref = psf.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("psf_star_count", ref.starCount());
        if (ref.starCount() < minPsfStars) {
            return CandidateVerdict.flag(c.srcId(), "psf_insufficient", details);
        }
        details.put("psf_fwhm_median", ref.fwhmMedian());
        details.put("psf_spread_median", ref.spreadMedian());
        var fwhm = c.measurement("FWHM_IMAGE");
        var spread = c.measurement("SPREAD_MODEL");
        var spreadErr = c.measurement("SPREADERR_MODEL");
        if (fwhm.isEmpty() || spread.isEmpty() || spreadErr.isEmpty()) {
            return CandidateVerdict.flag(c.srcId(), "candidate_not_found", details);
        }
        double fwhmRatio = fwhm.getAsDouble() / ref.fwhmMedian();
        // As the reference: an error that is not positive gives no S/N, and a NaN S/N rejects nothing.
        double spreadSnr = spreadErr.getAsDouble() > 0
                ? (spread.getAsDouble() - ref.spreadMedian()) / spreadErr.getAsDouble() : Double.NaN;
        details.put("fwhm_ratio", fwhmRatio);
        if (Double.isFinite(spreadSnr)) {
            details.put("spread_snr", spreadSnr);
        }
        List<String> reasons = new ArrayList<>();
        if (fwhmRatio > fwhmRatioMax) {
            reasons.add("fwhm_ratio");
        }
        if (spreadSnr > spreadSnrMax) {
            reasons.add("spread_snr");
        }
        return reasons.isEmpty() ? CandidateVerdict.keep(c.srcId(), details)
                : CandidateVerdict.reject(c.srcId(), String.join(",", reasons), details);
    }
}
