package org.vasco.common.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedRowsTest {

    @Test
    void givesBackEveryCellAsAddedIncludingNullEmptyAndNonAsciiText() {
        List<String[]> rows = List.of(
                new String[] {"130.01234567891", "-33.5", "", null},
                new String[] {"0", "90", "Gaia “DR3” é", "183742561234567890"});

        PackedRows packed = PackedRows.of(rows, 4);

        assertThat(packed).hasSize(2);
        assertThat(packed.get(0)).containsExactly("130.01234567891", "-33.5", "", null);
        assertThat(packed.get(1)).containsExactly("0", "90", "Gaia “DR3” é", "183742561234567890");
        assertThat(packed.cell(1, 2)).isEqualTo("Gaia “DR3” é");
        assertThat(packed.cell(0, 3)).isNull();
    }

    @Test
    void rowsHandedOutCannotChangeTheStoredOnes() {
        PackedRows packed = PackedRows.of(List.<String[]>of(new String[] {"1", "2"}), 2);

        packed.get(0)[0] = "changed";

        assertThat(packed.cell(0, 0)).isEqualTo("1");
    }

    @Test
    void growsPastItsCapacityHintWithoutLosingRows() {
        PackedRows.Builder builder = new PackedRows.Builder(3, 1);
        for (int i = 0; i < 5000; i++) {
            builder.add(new String[] {Integer.toString(i), "x".repeat(i % 40), i % 7 == 0 ? null : "v" + i});
        }

        PackedRows packed = builder.build();

        assertThat(packed).hasSize(5000);
        assertThat(packed.get(4321)).containsExactly("4321", "x".repeat(4321 % 40), "v4321");
        assertThat(packed.get(4319)).containsExactly("4319", "x".repeat(4319 % 40), null);
    }

    @Test
    void aRaggedRowIsRefusedNamingIt() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"1", "2"});
        rows.add(new String[] {"1"});

        assertThatThrownBy(() -> PackedRows.of(rows, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has 1 values, expected 2");
    }

    @Test
    void equalWhenTheCellsAreEqual() {
        PackedRows a = PackedRows.of(List.<String[]>of(new String[] {"1", null}, new String[] {"", "4"}), 2);
        PackedRows b = PackedRows.of(List.<String[]>of(new String[] {"1", null}, new String[] {"", "4"}), 2);
        PackedRows c = PackedRows.of(List.<String[]>of(new String[] {"1", ""}, new String[] {"", "4"}), 2);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(PackedRows.of(a, 2)).isSameAs(a);
    }

    @Test
    void aNeighbourhoodKeepsItsRowsPackedAndReadsValuesFromThem() {
        List<String[]> rows = List.of(
                new String[] {"10.5", "-1.25", "17.1", "", "", "3.5", "-2", "", "0.1"},
                new String[] {"10.6", "-1.5", "", "", "", "", "", "", "0.2"});

        CatalogueNeighbourhood gaia = new CatalogueNeighbourhood(Catalogue.GAIA, 10.5, -1.3, 1, rows);

        assertThat(gaia.rows()).isInstanceOf(PackedRows.class);
        assertThat(gaia.ra()).containsExactly(10.5, 10.6);
        assertThat(gaia.doubles("pmRA")).containsExactly(3.5, Double.NaN);
        assertThat(gaia.text(0, gaia.column("Gmag"))).isEqualTo("17.1");
    }
}
