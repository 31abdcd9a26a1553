package org.vasco.common.summary;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vasco.common.catalog.Catalogue;

/**
 * Every counter of a tile's summary, under the reference's names (its {@code MNRAS_SUMMARY.json}, SPEC §8.2, which
 * our {@code summary.json} keeps) and our additional ones, in the order {@code summary.json} lists them. One name
 * per counter for every writer (the xmatch step up to the catalogue veto, the veto step's late cuts,
 * {@code vasco process}) and every reader (the funnel, the run console, {@code vasco process}'s line); the
 * {@code tile_summary.counters} keys and the {@code summary.json} keys are {@link #key()}.
 */
public enum FunnelCounter {

    // The xmatch step (SPEC §6.1–6.5, §6.9): the circle, the catalogues at the plate epoch, WCSFIX, the veto chain.
    /** Detections read (pass 2, or the fast path's position pass). */
    DETECTIONS_IN("detections_in"),
    CIRCLE_RADIUS_ARCMIN("circle_radius_arcmin"),
    PLATE_EPOCH("plate_epoch"),
    GAIA_ROWS("gaia_rows"),
    GAIA_ROWS_DROPPED("gaia_rows_dropped"),
    USNOB_ROWS("usnob_rows"),
    USNOB_ROWS_DROPPED("usnob_rows_dropped"),
    PS1_ROWS("ps1_rows"),
    WCSFIX_OK("wcsfix_ok"),
    PS1_VETO_ENABLED("ps1_veto_enabled"),
    USNOB_VETO_ENABLED("usnob_veto_enabled"),
    /** Rows inside the 30′ circle: the reports' "pass2 raw detections". */
    VETO_START_ROWS("veto_start_rows"),
    VETO_AFTER_GAIA_ROWS("veto_after_gaia_rows"),
    VETO_GAIA_ELIMINATED("veto_gaia_eliminated"),
    VETO_GAIA_PAIRS("veto_gaia_pairs"),
    VETO_GAIA_OK("veto_gaia_ok"),
    VETO_AFTER_PS1_ROWS("veto_after_ps1_rows"),
    VETO_PS1_ELIMINATED("veto_ps1_eliminated"),
    VETO_PS1_PAIRS("veto_ps1_pairs"),
    VETO_PS1_OK("veto_ps1_ok"),
    /** The USNO-B remainder: the veto survivors, the tile's candidate rows. */
    VETO_AFTER_USNOB_ROWS("veto_after_usnob_rows"),
    VETO_USNOB_ELIMINATED("veto_usnob_eliminated"),
    VETO_USNOB_PAIRS("veto_usnob_pairs"),
    VETO_USNOB_OK("veto_usnob_ok"),
    /** Always 0 here: a missing catalogue fails the step instead of skipping its stage. */
    MISSING_INPUTS("missing_inputs"),
    HPM_OBJECTS("hpm_objects"),

    // The late filters and the spike cut (SPEC §6.6–6.8), in the veto step and in vasco process.
    LATE_REJECT_FLAGS("late_reject_flags"),
    LATE_REJECT_SNR("late_reject_snr"),
    LATE_REJECT_SIGMA_CLIP_FWHM("late_reject_sigma_clip_fwhm"),
    LATE_REJECT_SIGMA_CLIP_ELONGATION("late_reject_sigma_clip_elongation"),
    LATE_REJECT_SPREAD_MODEL("late_reject_spread_model"),
    LATE_REJECT_FWHM("late_reject_fwhm"),
    LATE_REJECT_ELONGATION("late_reject_elongation"),
    LATE_REJECT_EXTENT_MIN("late_reject_extent_min"),
    LATE_REJECT_EXTENT_DELTA("late_reject_extent_delta"),
    LATE_PASSED_EXTRACT("late_passed_extract"),
    /** Rows passing the late filters. */
    LATE_KEPT_HARD_GATES("late_kept_hard_gates"),
    /** Rows the late filters removed (the reference's extract and morphology gates together). */
    MORPHOLOGY_REJECTED("morphology_rejected"),
    /** PS1 bright stars near the tile; present only when some row needed the spike cut. */
    BRIGHT_STARS("bright_stars"),
    SPIKES_REJECTED("spikes_rejected"),
    /** The tile's survivors: rows of the reference's {@code sextractor_pass2.filtered.csv}. */
    SURVIVORS("survivors");

    private static final Map<String, FunnelCounter> BY_KEY = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(FunnelCounter::key, Function.identity()));

    private final String key;

    FunnelCounter(String key) {
        this.key = key;
    }

    /** The name in {@code tile_summary.counters} and {@code summary.json}. */
    public String key() {
        return key;
    }

    /** The counter named {@code key}, if there is one. */
    public static Optional<FunnelCounter> of(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The rows left after a catalogue's veto stage ({@code veto_after_<cat>_rows}). */
    public static FunnelCounter rowsAfterVeto(Catalogue catalogue) {
        return ofVetoStage(catalogue, VETO_AFTER_GAIA_ROWS, VETO_AFTER_PS1_ROWS, VETO_AFTER_USNOB_ROWS);
    }

    /** The rows a catalogue's veto stage removed ({@code veto_<cat>_eliminated}). */
    public static FunnelCounter eliminatedByVeto(Catalogue catalogue) {
        return ofVetoStage(catalogue, VETO_GAIA_ELIMINATED, VETO_PS1_ELIMINATED, VETO_USNOB_ELIMINATED);
    }

    /** The pairs a catalogue's veto stage matched ({@code veto_<cat>_pairs}). */
    public static FunnelCounter vetoPairs(Catalogue catalogue) {
        return ofVetoStage(catalogue, VETO_GAIA_PAIRS, VETO_PS1_PAIRS, VETO_USNOB_PAIRS);
    }

    /** Whether a catalogue's veto stage ran ({@code veto_<cat>_ok}). */
    public static FunnelCounter vetoRan(Catalogue catalogue) {
        return ofVetoStage(catalogue, VETO_GAIA_OK, VETO_PS1_OK, VETO_USNOB_OK);
    }

    private static FunnelCounter ofVetoStage(Catalogue catalogue, FunnelCounter gaia, FunnelCounter ps1, FunnelCounter usnob) {
        return switch (catalogue) {
            case GAIA -> gaia;
            case PS1 -> ps1;
            case USNOB -> usnob;
            case PS1_BRIGHT -> throw new IllegalArgumentException(catalogue + " is no stage of the catalogue veto (Gaia, PS1, USNO-B)");
        };
    }
}
