package org.vasco.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vasco.common.plate.PlateCatalogue;

/** Each class of SPEC §2.5 violation, caught on a small hand-made plan. */
class PlanValidatorTest {

    private static final String HEADER = "plate_id,plate_tile_idx,tile_id,ra_deg,dec_deg,size_arcmin,survey\n";
    private static final String GOOD_1 = "XE002,0,tile_RA2.001_DECp82.807,2.001000,82.807000,60,dss1-red\n";
    private static final String GOOD_2 = "XE002,1,tile_RA2.001_DECp83.807,2.001000,83.807000,60,dss1-red\n";

    private final PlanValidator validator = new PlanValidator(PlateCatalogue.bundled());

    private PlanValidation validate(String csv) throws Exception {
        return validator.validate(new StringReader(csv));
    }

    @Test
    void aCorrectPlanHasNoViolations() throws Exception {
        PlanValidation v = validate(HEADER + GOOD_1 + GOOD_2);
        assertThat(v.rows()).isEqualTo(2);
        assertThat(v.ok()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "TILE_ID_FORMAT    | XE002,1,tile_RA2.1_DECp83.807,2.001000,83.807000,60,dss1-red",
            "NOT_A_NUMBER      | XE002,1,tile_RA2.001_DECp83.807,two,83.807000,60,dss1-red",
            "RA_RANGE          | XE002,1,tile_RA360.000_DECp83.807,360.000000,83.807000,60,dss1-red",
            "DEC_RANGE         | XE002,1,tile_RA2.001_DECp90.500,2.001000,90.500000,60,dss1-red",
            "SIZE_ARCMIN       | XE002,1,tile_RA2.001_DECp83.807,2.001000,83.807000,60.0,dss1-red",
            "SURVEY            | XE002,1,tile_RA2.001_DECp83.807,2.001000,83.807000,60,dss2-red",
            "TILE_ID_CENTRE    | XE002,1,tile_RA2.001_DECp83.808,2.001000,83.807000,60,dss1-red",
            "UNKNOWN_PLATE     | XE999,1,tile_RA2.001_DECp83.807,2.001000,83.807000,60,dss1-red",
            "PLATE_CORE        | XE002,1,tile_RA2.001_DECp79.807,2.001000,79.807000,60,dss1-red",
            "DUPLICATE_TILE_ID | XE002,1,tile_RA2.001_DECp82.807,2.001000,82.807000,60,dss1-red",
            "ORDER             | XE002,-1,tile_RA2.001_DECp83.807,2.001000,83.807000,60,dss1-red",
            "ORDER             | XE002,x,tile_RA2.001_DECp83.807,2.001000,83.807000,60,dss1-red",
            "SCHEMA            | XE002,1,tile_RA2.001_DECp83.807,2.001000,83.807000,60",
    })
    void eachViolationClassIsReportedWithItsRow(PlanRule rule, String badRow) throws Exception {
        PlanValidation v = validate(HEADER + GOOD_1 + badRow + "\n");
        assertThat(v.violations()).extracting(PlanViolation::rule).contains(rule);
        assertThat(v.violations()).allSatisfy(x -> assertThat(x.row()).isEqualTo(3));
        if (rule != PlanRule.DEC_RANGE) {
            // A Dec beyond the pole is also far from every plate centre; every other row breaks one rule only.
            assertThat(v.violations()).hasSize(1);
        }
        assertThat(v.ok()).isFalse();
    }

    @Test
    void aTileBelowThePs1LimitIsCaught() throws Exception {
        // XE936 is centred near Dec -27.3: one row below it at -29.6 is within its core but south of PS1.
        String row = "XE936,9,tile_RA359.111_DECm29.600,359.111000,-29.600000,60,dss1-red\n";
        PlanValidation v = validate(HEADER + row);
        assertThat(v.violations()).extracting(PlanViolation::rule).contains(PlanRule.PS1_DEC_LIMIT);
    }

    @Test
    void aMissingColumnIsASchemaViolationOfTheHeader() throws Exception {
        PlanValidation v = validate("plate_id,plate_tile_idx,tile_id,ra_deg,dec_deg,size_arcmin\n" + GOOD_1);
        assertThat(v.violations()).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo(PlanRule.SCHEMA);
            assertThat(x.row()).isEqualTo(1);
            assertThat(x.detail()).contains("survey");
        });
    }

    @Test
    void plateOrderIsCheckedAcrossPlates() throws Exception {
        String later = "XE003,0,tile_RA44.679_DECp84.609,44.679000,84.609000,60,dss1-red\n";
        PlanValidation v = validate(HEADER + later + GOOD_1);
        assertThat(v.violations()).extracting(PlanViolation::rule).containsExactly(PlanRule.ORDER);
    }

    @Test
    void everyViolationIsListedNotOnlyTheFirst() throws Exception {
        String bad = "XE999,0,tile_RAx,abc,91,61,dss2\n";
        PlanValidation v = validate(HEADER + GOOD_1 + bad + GOOD_1);
        assertThat(v.violations()).extracting(PlanViolation::rule).contains(
                PlanRule.TILE_ID_FORMAT, PlanRule.NOT_A_NUMBER, PlanRule.DEC_RANGE, PlanRule.SIZE_ARCMIN,
                PlanRule.SURVEY, PlanRule.UNKNOWN_PLATE, PlanRule.ORDER, PlanRule.DUPLICATE_TILE_ID);
    }
}
