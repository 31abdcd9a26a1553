package org.vasco.common.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.late.LateReason;

/** The counters carry the reference's MNRAS_SUMMARY.json names (SPEC §8.2), which summary.json must keep. */
class FunnelCounterTest {

    @Test
    void everyNameOfSpec82IsACounterUnderExactlyThatName() {
        List<String> spec = List.of("spikes_rejected", "morphology_rejected", "hpm_objects", "missing_inputs",
                "ps1_veto_enabled", "usnob_veto_enabled", "veto_start_rows", "veto_after_gaia_rows", "veto_after_ps1_rows",
                "veto_after_usnob_rows", "veto_gaia_eliminated", "veto_ps1_eliminated", "veto_usnob_eliminated",
                "veto_gaia_pairs", "veto_ps1_pairs", "veto_usnob_pairs", "veto_gaia_ok", "veto_ps1_ok", "veto_usnob_ok",
                "late_reject_flags", "late_reject_snr", "late_reject_sigma_clip_fwhm", "late_reject_sigma_clip_elongation",
                "late_reject_spread_model", "late_reject_fwhm", "late_reject_elongation", "late_reject_extent_delta",
                "late_reject_extent_min", "late_kept_hard_gates");
        for (String name : spec) {
            assertThat(FunnelCounter.of(name)).as(name).map(FunnelCounter::key).contains(name);
        }
        assertThat(Stream.of(FunnelCounter.values()).map(FunnelCounter::key).distinct().count())
                .isEqualTo(FunnelCounter.values().length);
    }

    @Test
    void eachVetoStageHasItsFourCounters() {
        for (Catalogue c : List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB)) {
            assertThat(FunnelCounter.rowsAfterVeto(c).key()).isEqualTo("veto_after_" + c.label() + "_rows");
            assertThat(FunnelCounter.eliminatedByVeto(c).key()).isEqualTo("veto_" + c.label() + "_eliminated");
            assertThat(FunnelCounter.vetoPairs(c).key()).isEqualTo("veto_" + c.label() + "_pairs");
            assertThat(FunnelCounter.vetoRan(c).key()).isEqualTo("veto_" + c.label() + "_ok");
        }
        assertThatThrownBy(() -> FunnelCounter.rowsAfterVeto(Catalogue.PS1_BRIGHT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachLateFilterReasonCountsUnderLateReject() {
        for (LateReason r : LateReason.values()) {
            assertThat(r.counter().key()).isEqualTo("late_reject_" + r.label());
        }
    }
}
