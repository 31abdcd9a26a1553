package org.vasco.testkit.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vasco.common.sky.match.MatchMode;
import org.vasco.common.sky.match.SkyMatcher;

class MatchFieldTest {

    @Test
    void sameSeedSameTables() {
        MatchField a = MatchField.generate(MatchField.Centre.TILE, 500, 5000, 7);
        MatchField b = MatchField.generate(MatchField.Centre.TILE, 500, 5000, 7);

        assertThat(a.ra1()).containsExactly(b.ra1());
        assertThat(a.dec2()).containsExactly(b.dec2());
    }

    @Test
    void theWrapFieldStraddlesRaZeroAndThePoleFieldContainsThePole() {
        MatchField wrap = MatchField.generate(MatchField.Centre.RA_WRAP, 2000, 20000, 1);
        MatchField pole = MatchField.generate(MatchField.Centre.POLE, 2000, 20000, 1);

        assertThat(Arrays.stream(wrap.ra2()).filter(ra -> ra < 1).count()).isPositive();
        assertThat(Arrays.stream(wrap.ra2()).filter(ra -> ra > 359).count()).isPositive();
        assertThat(Arrays.stream(wrap.ra2()).allMatch(ra -> ra >= 0 && ra < 360)).isTrue();
        assertThat(Arrays.stream(pole.dec2()).max().orElseThrow()).isGreaterThan(89.9);
        assertThat(Arrays.stream(pole.ra2()).min().orElseThrow()).isLessThan(10);
        assertThat(Arrays.stream(pole.ra2()).max().orElseThrow()).isGreaterThan(350);
    }

    @Test
    void mostDetectionsHaveTheirCatalogueRowWithinAFewArcsec() {
        MatchField field = MatchField.generate(MatchField.Centre.RA_WRAP, 2000, 20000, 3);

        int matched = SkyMatcher.match(field.ra1(), field.dec1(), field.ra2(), field.dec2(), 5, MatchMode.BEST1).size();

        assertThat(matched).isBetween((int) (2000 * MatchField.MATCHED_SHARE * 0.95), 2000);
    }
}
