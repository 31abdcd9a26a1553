package org.vasco.common.sky.match;

import java.util.Arrays;

/**
 * The result of a match: pair k joins row {@code row1(k)} of table 1 with row {@code row2(k)} of
 * table 2 at {@code separationArcsec(k)}. Stored as parallel primitive arrays. Order: by row of
 * table 1, then by separation (then by row of table 2) for every mode. Immutable.
 */
public final class MatchPairs {

    private final int[] row1;
    private final int[] row2;
    private final double[] separation;

    MatchPairs(int[] row1, int[] row2, double[] separation) {
        this.row1 = row1;
        this.row2 = row2;
        this.separation = separation;
    }

    public int size() {
        return row1.length;
    }

    public boolean isEmpty() {
        return row1.length == 0;
    }

    public int row1(int pair) {
        return row1[pair];
    }

    public int row2(int pair) {
        return row2[pair];
    }

    public double separationArcsec(int pair) {
        return separation[pair];
    }

    /** For each row of table 1 (of {@code rows1} rows), whether it appears in at least one pair. */
    public boolean[] matchedRows1(int rows1) {
        boolean[] matched = new boolean[rows1];
        for (int r : row1) {
            matched[r] = true;
        }
        return matched;
    }

    /** A copy of the table-1 row indices, pair by pair. */
    public int[] rows1() {
        return Arrays.copyOf(row1, row1.length);
    }

    /** A copy of the table-2 row indices, pair by pair. */
    public int[] rows2() {
        return Arrays.copyOf(row2, row2.length);
    }

    /** Growable pair storage used while matching. */
    static final class Builder {
        private int[] a = new int[16];
        private int[] b = new int[16];
        private double[] s = new double[16];
        private int size;

        void add(int row1, int row2, double separationArcsec) {
            if (size == a.length) {
                int capacity = Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8, (long) size * 3 / 2 + 1));
                a = Arrays.copyOf(a, capacity);
                b = Arrays.copyOf(b, capacity);
                s = Arrays.copyOf(s, capacity);
            }
            a[size] = row1;
            b[size] = row2;
            s[size] = separationArcsec;
            size++;
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        int row1(int k) {
            return a[k];
        }

        int row2(int k) {
            return b[k];
        }

        double separation(int k) {
            return s[k];
        }

        MatchPairs build() {
            return new MatchPairs(Arrays.copyOf(a, size), Arrays.copyOf(b, size), Arrays.copyOf(s, size));
        }
    }
}
