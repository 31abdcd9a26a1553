package org.vasco.testkit.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.Test;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.testkit.archives.CutoutSource;

/**
 * The modern epoch the DSS stand-in serves for the review page's second image: the same stars moved by their proper
 * motions, none of the plate's own objects, the same bytes every time.
 */
class ModernEpochTest {

    private static final SyntheticSky SKY = SyntheticSky.withSeed(7L).withSizeArcmin(20).withVanishingCount(3)
            .withAsteroidCount(0);
    private static final double RA = 130.013;
    private static final double DEC = 33.081;

    @Test
    void starsMoveByTheirProperMotionsAndTheVanishingSourcesAreGone() throws Exception {
        SkyTile plate = SKY.renderServedAt(RA, DEC, 20);
        SkyTile modern = SKY.renderModernAt(RA, DEC, 20);

        assertThat(plate.truth(TruthKind.VANISHING)).hasSize(3);
        assertThat(plate.truth(TruthKind.ARTEFACT)).isNotEmpty();
        assertThat(modern.truth(TruthKind.VANISHING)).isEmpty();
        assertThat(modern.truth(TruthKind.ARTEFACT)).isEmpty();
        try (Fits fits = new Fits(new ByteArrayInputStream(modern.fits()))) {
            Header h = fits.getHDU(0).getHeader();
            assertThat(h.getStringValue("DATE-OBS")).isEqualTo(SyntheticSky.MODERN_EPOCH);
        }

        double years = PlateEpoch.parse(SyntheticSky.MODERN_EPOCH).decimalYear() - plate.plateEpoch().decimalYear();
        Map<String, TruthObject> then = plate.truth(TruthKind.STAR).stream()
                .collect(Collectors.toMap(TruthObject::id, Function.identity()));
        TruthObject fast = modern.truth(TruthKind.STAR).stream()
                .filter(s -> then.containsKey(s.id()))
                .max(java.util.Comparator.comparingDouble(s -> Math.hypot(s.pmRaMasYr(), s.pmDecMasYr()))).orElseThrow();
        TruthObject old = then.get(fast.id());
        double movedArcsec = SkyGeometry.separationArcsec(old.raDeg(), old.decDeg(), fast.raDeg(), fast.decDeg());
        double expected = Math.hypot(fast.pmRaMasYr(), fast.pmDecMasYr()) * years / 1000.0;
        // the plate's positions carry its ~1″ astrometric scatter per axis; the modern ones none
        assertThat(movedArcsec).isBetween(expected - 5.0, expected + 5.0);
        assertThat(expected).isGreaterThan(4.0);
    }

    @Test
    void theStandInServesTheModernEpochForTheSecondEpochSurveyOnlyAndDeterministically() {
        CutoutSource source = CutoutSource.synthetic(SKY);
        byte[] modern = source.cutout("poss2ukstu_red", RA, DEC, 2);
        assertThat(modern).isEqualTo(SKY.renderModernAt(RA, DEC, 2).fits());
        assertThat(source.cutout("poss2ukstu_red", RA, DEC, 2)).isEqualTo(modern);
        assertThat(Arrays.equals(source.cutout("poss1_red", RA, DEC, 2), modern)).isFalse();
        assertThat(source.cutout("poss1_red", RA, DEC, 2))
                .isEqualTo(SKY.renderServedAt(RA, DEC, 2).fits());
    }
}
