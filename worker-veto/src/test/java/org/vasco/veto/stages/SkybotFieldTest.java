package org.vasco.veto.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkybotFieldTest {

    @Test
    void fieldsSplitByPlateAndEightyArcminuteBucketsWithTheCommonestEpoch() {
        Candidate a = Candidates.at(1, 150.00, 20.00);
        Candidate b = Candidates.at(2, 150.10, 20.10);
        Candidate c = new Candidate(Candidates.TILE + ":3", Candidates.TILE, "XE001", 150.2, 20.2, 1954.2,
                Candidates.JD + 0.01, Map.of());
        Candidate otherPlate = new Candidate("tile_RA150.000_DECp20.000:4", Candidates.TILE, "XE002", 150.05, 20.05,
                1955.0, Candidates.JD + 300, Map.of());
        Candidate farAway = Candidates.at(5, 152.0, 20.0);
        List<SkybotField> fields = SkybotField.of(List.of(a, b, c, otherPlate, farAway));
        assertThat(fields).hasSize(3);
        SkybotField first = fields.get(0);
        assertThat(first.members()).containsExactly(a, b, c);
        assertThat(first.jd()).isEqualTo(Candidates.JD);
        assertThat(first.raDeg()).isEqualTo(150.10);
        assertThat(first.decDeg()).isEqualTo(20.10);
        assertThat(fields.get(1).members()).containsExactly(otherPlate);
    }

    @Test
    void theMedianCentreIsWrapSafe() {
        Candidate west = Candidates.at(1, 359.99, 0.0);
        Candidate east = Candidates.at(2, 0.01, 0.0);
        // RA buckets start at 0: two buckets, each centred on its own member.
        List<SkybotField> fields = SkybotField.of(List.of(west, east));
        assertThat(fields).extracting(SkybotField::raDeg).containsExactly(359.99, 0.01);
        assertThat(fields.get(0).extentArcsec()).isZero();
    }
}
