package org.vasco.common.late;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.detection.Detection;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.common.task.ScienceProfile;

/**
 * The late filters and then the bright-star cut on one tile's USNO-B veto remainder (SPEC §6.6–6.8), with their
 * SPEC §8.2 counters. The robust clip of the late filters depends on the population it is given, so the input must
 * be exactly the tile's remainder. The bright-star list is asked for only when some detection passed the late
 * filters, as the reference does. Counters: {@code late_reject_<reason>}, {@code late_passed_extract},
 * {@code late_kept_hard_gates}, {@code morphology_rejected}, {@code bright_stars} (only when the list was needed),
 * {@code spikes_rejected} and {@code survivors}. Stateless apart from its parameters; thread-safe.
 */
public final class LateCuts {

    /** The {@code candidate_flag.stage} of a late-filter rejection. */
    public static final String LATE_STAGE = "LATE";
    /** The {@code candidate_flag.stage} of a bright-star (spike) rejection. */
    public static final String SPIKE_STAGE = "SPIKE";
    /** Both, in the order they run. */
    public static final List<String> STAGES = List.of(LATE_STAGE, SPIKE_STAGE);

    private final LateFilterThresholds thresholds;
    private final SpikeRules spikeRules;

    public LateCuts(LateFilterThresholds thresholds, SpikeRules spikeRules) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.spikeRules = Objects.requireNonNull(spikeRules, "spikeRules");
    }

    /** The reference release's thresholds and rules (SPEC §7). */
    public static LateCuts reference() {
        return new LateCuts(LateFilterThresholds.reference(), SpikeRules.reference());
    }

    /** These cuts as a run of {@code profile} applies them ({@link LateFilterThresholds#forProfile}). */
    public LateCuts forProfile(ScienceProfile profile) {
        return new LateCuts(thresholds.forProfile(profile), spikeRules);
    }

    public LateFilterThresholds thresholds() {
        return thresholds;
    }

    public SpikeRules spikeRules() {
        return spikeRules;
    }

    /**
     * What happened to one detection.
     *
     * @param detection   the measured detection
     * @param lateReasons the late-filter reasons it failed (empty when it passed them)
     * @param spike       the spike cut's verdict, or null when the late filters already rejected it
     */
    public record Judged(Detection detection, EnumSet<LateReason> lateReasons, SpikeCut.Verdict spike) {

        public Judged {
            lateReasons = EnumSet.copyOf(lateReasons);
        }

        public boolean lateRejected() {
            return !lateReasons.isEmpty();
        }

        public boolean spikeRejected() {
            return spike != null && spike.rejected();
        }

        /** Passed both cuts: a survivor of the tile. */
        public boolean survives() {
            return !lateRejected() && !spikeRejected();
        }

        /** The late-filter reasons under the reference's names, joined by {@code |} as its rejected files had them. */
        public String lateReasonText() {
            return String.join("|", lateReasons.stream().map(LateReason::label).toList());
        }
    }

    /**
     * The outcome for a tile.
     *
     * @param judged   one entry per input detection, in input order
     * @param counters the SPEC §8.2 counters of the two cuts, in a stable order
     */
    public record Outcome(List<Judged> judged, Map<String, Object> counters) {

        public Outcome {
            judged = List.copyOf(judged);
            counters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        }

        public List<Judged> survivors() {
            return judged.stream().filter(Judged::survives).toList();
        }
    }

    /**
     * Runs both cuts.
     *
     * @param remainder   the tile's USNO-B veto remainder, measured
     * @param brightStars supplies the PS1 bright-star list (ra, dec, rmag); asked only when needed
     * @throws BrightStarsMissingException when the list is needed and the supplier gives none
     */
    public Outcome apply(List<Detection> remainder, Supplier<CatalogueNeighbourhood> brightStars, String tileId) {
        Map<String, Object> counters = new LinkedHashMap<>();
        LateFilters.Outcome late = new LateFilters(thresholds).apply(remainder);
        for (LateReason reason : LateReason.values()) {
            counters.put(reason.counter().key(), late.failedGates().get(reason));
        }
        counters.put(FunnelCounter.LATE_PASSED_EXTRACT.key(), late.passedExtract());
        counters.put(FunnelCounter.LATE_KEPT_HARD_GATES.key(), late.keptCount());
        counters.put(FunnelCounter.MORPHOLOGY_REJECTED.key(), late.rejectedCount());
        SpikeCut spikeCut = null;
        if (late.keptCount() > 0) {
            CatalogueNeighbourhood bright = brightStars.get();
            if (bright == null) {
                throw new BrightStarsMissingException(tileId + ": the PS1 bright-star list is missing; "
                        + late.keptCount() + " detections need the spike cut");
            }
            spikeCut = new SpikeCut(spikeRules, bright.ra(), bright.dec(), bright.doubles("rmag"));
            counters.put(FunnelCounter.BRIGHT_STARS.key(), spikeCut.brightStars());
        }
        List<Judged> judged = new ArrayList<>(remainder.size());
        int spikes = 0;
        int survivors = 0;
        for (int k = 0; k < remainder.size(); k++) {
            Detection d = remainder.get(k);
            if (!late.kept(k)) {
                judged.add(new Judged(d, late.reasons().get(k), null));
                continue;
            }
            // at the raw ALPHA/DELTA_J2000, as the reference (SPEC §6.8)
            SpikeCut.Verdict verdict = spikeCut.judge(d.alphaJ2000(), d.deltaJ2000());
            if (verdict.rejected()) {
                spikes++;
            } else {
                survivors++;
            }
            judged.add(new Judged(d, EnumSet.noneOf(LateReason.class), verdict));
        }
        counters.put(FunnelCounter.SPIKES_REJECTED.key(), spikes);
        counters.put(FunnelCounter.SURVIVORS.key(), survivors);
        return new Outcome(judged, counters);
    }
}
