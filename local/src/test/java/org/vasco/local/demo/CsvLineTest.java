package org.vasco.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cells of the cross-match CSVs, including the quoted JSON details of rejected.csv. */
class CsvLineTest {

    @Test
    void quotedCellsKeepTheirCommasAndDoubledQuotes() {
        assertThat(CsvLine.split("12,late_filters,spread_model|fwhm,110.5,29.7,\"{\"\"fwhm\"\":3.1,\"\"snr\"\":40}\""))
                .containsExactly("12", "late_filters", "spread_model|fwhm", "110.5", "29.7", "{\"fwhm\":3.1,\"snr\":40}");
    }

    @Test
    void emptyCellsStay() {
        assertThat(CsvLine.split(",a,,")).containsExactly("", "a", "", "");
    }
}
