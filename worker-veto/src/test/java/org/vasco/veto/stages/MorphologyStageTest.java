package org.vasco.veto.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MorphologyStageTest {

    /** Ten PSF stars (FWHM 2.6–2.9 px, SPREAD_MODEL ~0) plus detections that must not count. */
    private static TilePsfStars.Neighbourhood tile() {
        List<TilePsfStars.Detection> det = new ArrayList<>();
        List<TilePsfStars.GaiaStar> gaia = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double ra = 150 + i * 0.01;
            double dec = 20 + i * 0.005;
            det.add(new TilePsfStars.Detection(ra + 1.0 / 3600, dec, 0, 1.05, 2.6 + 0.03 * i, 0.0002 * (i - 5)));
            gaia.add(new TilePsfStars.GaiaStar(ra, dec, 15.0));
        }
        // Flagged, elongated, unmatched or matched only to too-bright Gaia stars: excluded from the PSF set.
        det.add(new TilePsfStars.Detection(150.5, 20.5, 2, 1.0, 9.0, 0.05));
        det.add(new TilePsfStars.Detection(150.6, 20.6, 0, 1.5, 9.0, 0.05));
        det.add(new TilePsfStars.Detection(150.7, 20.7, 0, 1.0, 9.0, 0.05));
        det.add(new TilePsfStars.Detection(150.8, 20.8, 0, 1.0, 9.0, 0.05));
        gaia.add(new TilePsfStars.GaiaStar(150.8, 20.8, 11.0));
        return new TilePsfStars.Neighbourhood(det, gaia);
    }

    private static Candidate cand(int n, double fwhm, double spread, double spreadErr) {
        return Candidates.at(n, 150.2, 20.2, Map.of("FWHM_IMAGE", fwhm, "SPREAD_MODEL", spread, "SPREADERR_MODEL", spreadErr));
    }

    @Test
    void rejectsBroadAndExtendedSourcesAgainstTheLocalPsf() throws Exception {
        MorphologyStage stage = new MorphologyStage(id -> Optional.of(tile()), 1.5, 5.0, 5);
        List<CandidateVerdict> v = stage.judge(List.of(
                cand(1, 2.8, 0.0005, 0.001),     // point-like
                cand(2, 4.5, 0.0005, 0.001),     // fwhm_ratio 4.5/2.735 = 1.65
                cand(3, 2.8, 0.0100, 0.001)));   // spread_snr 10
        assertThat(v).extracting(CandidateVerdict::verdict).containsExactly(Verdict.KEEP, Verdict.REJECT, Verdict.REJECT);
        assertThat(v.get(0).details()).containsEntry("psf_star_count", 10);
        assertThat((double) v.get(0).details().get("psf_fwhm_median")).isCloseTo(2.735, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(v.get(1).reason()).isEqualTo("fwhm_ratio");
        assertThat(v.get(2).reason()).isEqualTo("spread_snr");
    }

    @Test
    void passesThroughFlaggedWhenThePsfCannotBeKnown() throws Exception {
        TilePsfStars.Neighbourhood sparse = new TilePsfStars.Neighbourhood(tile().detections().subList(0, 4), tile().gaia());
        assertThat(new MorphologyStage(id -> Optional.of(sparse), 1.5, 5.0, 5).judge(List.of(cand(1, 9, 1, 0.001))))
                .singleElement().satisfies(v -> {
                    assertThat(v.verdict()).isEqualTo(Verdict.FLAG);
                    assertThat(v.reason()).isEqualTo("psf_insufficient");
                });
        assertThat(new MorphologyStage(id -> Optional.empty(), 1.5, 5.0, 5).judge(List.of(cand(1, 9, 1, 0.001))))
                .singleElement().extracting(CandidateVerdict::reason).isEqualTo("catalog_missing");
        assertThat(new MorphologyStage(id -> Optional.of(tile()), 1.5, 5.0, 5)
                .judge(List.of(Candidates.at(7, 150, 20, Map.of("FWHM_IMAGE", 2.0)))))
                .singleElement().extracting(CandidateVerdict::reason).isEqualTo("candidate_not_found");
    }

    @Test
    void aSpreadErrorThatIsNotPositiveGivesNoSnrAndRejectsNothingAsInTheReference() throws Exception {
        MorphologyStage stage = new MorphologyStage(id -> Optional.of(tile()), 1.5, 5.0, 5);
        List<CandidateVerdict> v = stage.judge(List.of(cand(1, 2.8, 0.0100, 0.0), cand(2, 2.8, 0.0100, -0.001)));
        assertThat(v).extracting(CandidateVerdict::verdict).containsExactly(Verdict.KEEP, Verdict.KEEP);
        assertThat(v).allSatisfy(verdict -> assertThat(verdict.details()).doesNotContainKey("spread_snr")
                .containsKey("fwhm_ratio"));
    }
}
