package org.vasco.common.catalog;

import java.util.List;
import java.util.Objects;

/**
 * The sources of one catalogue in a cone around a tile centre, in the column layout of
 * {@link Catalogue#columns()}. Values are kept as the text the service sent (PS1 objIDs exceed a
 * double's precision); positions and proper motions are parsed once into arrays for the matcher.
 * A neighbourhood is complete or it does not exist: truncated replies never become one.
 *
 * @param catalogue    which catalogue
 * @param centreRaDeg  cone centre
 * @param centreDecDeg cone centre
 * @param radiusArcmin cone radius
 * @param rows         one String[] per source, aligned with {@code catalogue.columns()}; empty text = null value.
 *                     Held as {@link PackedRows}: {@code rows().get(i)} makes a fresh array each call, so loops
 *                     over single values should use {@link #value(int, int)} or {@link #text(int, int)}.
 */
public record CatalogueNeighbourhood(Catalogue catalogue, double centreRaDeg, double centreDecDeg, double radiusArcmin,
                                     List<String[]> rows) {

    public CatalogueNeighbourhood {
        Objects.requireNonNull(catalogue, "catalogue");
        int width = catalogue.columns().size();
        // packed: the three 200,000-row neighbourhoods of a dense tile would otherwise hold six million Strings
        try {
            rows = PackedRows.of(rows, width);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(catalogue.label() + " neighbourhood " + e.getMessage() + " "
                    + catalogue.columns(), e);
        }
    }

    public int size() {
        return rows.size();
    }

    /** Index of a column of {@link Catalogue#columns()}. */
    public int column(String name) {
        int i = catalogue.columns().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(catalogue.label() + " has no column " + name + "; columns are " + catalogue.columns());
        }
        return i;
    }

    /** The text of a cell as the service sent it (null or empty when it had no value). */
    public String text(int row, int column) {
        return ((PackedRows) rows).cell(row, column);
    }

    /** The numeric value of a cell, NaN when empty or not a number. */
    public double value(int row, int column) {
        String text = ((PackedRows) rows).cell(row, column);
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public double[] doubles(String columnName) {
        int c = column(columnName);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(i, c);
        }
        return out;
    }

    public double[] ra() {
        return doubles("ra");
    }

    public double[] dec() {
        return doubles("dec");
    }
}
