package org.vasco.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.plate.PlateCatalogue;

class TessellationPlanTest {

    private static List<PlanTile> plan;
    private static String csv;

    @BeforeAll
    static void generate() throws Exception {
        plan = TessellationPlan.generate(PlateCatalogue.bundled());
        StringWriter out = new StringWriter();
        PlanCsv.write(plan, out);
        csv = out.toString();
    }

    @Test
    void coversTheReferenceCountsOfTilesAndPlates() {
        assertThat(plan).hasSize(11_733);
        assertThat(plan.stream().map(PlanTile::plateId).distinct()).hasSize(904);
    }

    @Test
    void firstAndLastRowsAreTheReferenceRows() {
        String[] lines = csv.split("\n", -1);
        assertThat(lines[0]).isEqualTo("plate_id,plate_tile_idx,tile_id,ra_deg,dec_deg,size_arcmin,survey");
        assertThat(lines[1]).isEqualTo("XE002,0,tile_RA2.001_DECp82.807,2.001000,82.807000,60,dss1-red");
        assertThat(lines[lines.length - 2]).isEqualTo("XE936,8,tile_RA359.111_DECm27.304,359.111000,-27.304000,60,dss1-red");
        assertThat(lines[lines.length - 1]).as("the file ends with one \\n").isEmpty();
        assertThat(csv).doesNotContain("\r");
    }

    @Test
    void tilesPerPlateFollowTheReferenceDistribution() {
        Map<String, Long> perPlate = plan.stream().collect(Collectors.groupingBy(PlanTile::plateId, Collectors.counting()));
        Map<Long, Long> histogram = perPlate.values().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(histogram).containsExactlyInAnyOrderEntriesOf(Map.of(13L, 815L, 15L, 40L, 17L, 20L, 16L, 1L, 9L, 14L, 4L, 14L));
        assertThat(perPlate.get("XE005")).isEqualTo(17L);
    }

    @Test
    void decRangeIsTheReferenceRange() {
        assertThat(plan.stream().mapToDouble(PlanTile::decDeg).min().orElseThrow()).isEqualTo(-29.469);
        assertThat(plan.stream().mapToDouble(PlanTile::decDeg).max().orElseThrow()).isEqualTo(86.807);
    }

    @Test
    void theGeneratedPlanPassesEveryValidationRule() throws Exception {
        PlanValidation result = new PlanValidator(PlateCatalogue.bundled()).validate(new StringReader(csv));
        assertThat(result.rows()).isEqualTo(11_733);
        assertThat(result.violations()).isEmpty();
    }

    @Test
    void roundsLikePythonHalfToEvenOnTheBinaryValue() {
        // 0.0005 is stored as 0.000500000000000000010408..., above the half: Python gives 0.001.
        assertThat(TessellationPlan.pythonRound(0.0005, 3)).isEqualTo(0.001);
        // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875: Python gives 2.67.
        assertThat(TessellationPlan.pythonRound(2.675, 2)).isEqualTo(2.67);
        // Exactly representable halves go to the even neighbour.
        assertThat(TessellationPlan.pythonRound(0.125, 2)).isEqualTo(0.12);
        assertThat(TessellationPlan.pythonRound(0.375, 2)).isEqualTo(0.38);
        assertThat(TessellationPlan.pythonModulo(-0.5, 360.0)).isEqualTo(359.5);
    }

    @Test
    void theCsvReadsBackToThePlan() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("plan", ".csv");
        try {
            PlanCsv.write(plan, file);
            assertThat(java.nio.file.Files.readString(file)).isEqualTo(csv);
            assertThat(PlanCsv.read(file)).isEqualTo(plan);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
