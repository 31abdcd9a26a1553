package org.vasco.veto.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.Candidates;

class CandidateRowsTest {

    @Test
    void readsPositionsEpochsAndNumericMeasurementsAndSkipsMergedDuplicates() throws Exception {
        try (Connection c = VetoRows.connection()) {
            Candidate a = Candidates.at(11, 150.001, 20.001);
            Candidate b = Candidates.at(12, 150.002, 20.002);
            String run = VetoRows.newRun(c, List.of(a, b));
            try (PreparedStatement ps = c.prepareStatement("UPDATE candidate SET measurements = "
                    + "'{\"FWHM_IMAGE\": 2.9, \"ELONGATION\": 1.05, \"NOTE\": \"text\"}'::jsonb WHERE run_id = ? AND src_id = ?")) {
                ps.setString(1, run);
                ps.setString(2, a.srcId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE candidate SET duplicate_of = ? WHERE run_id = ? AND src_id = ?")) {
                ps.setString(1, a.srcId());
                ps.setString(2, run);
                ps.setString(3, b.srcId());
                ps.executeUpdate();
            }
            List<Candidate> rows = CandidateRows.ofTile(c, run, Candidates.TILE);
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r.srcId()).isEqualTo(a.srcId());
                assertThat(r.raDeg()).isEqualTo(150.001);
                assertThat(r.epochYear()).isEqualTo(a.epochYear());
                assertThat(r.measurements()).containsEntry("FWHM_IMAGE", 2.9).containsEntry("ELONGATION", 1.05)
                        .doesNotContainKey("NOTE");
            });
        }
    }
}
