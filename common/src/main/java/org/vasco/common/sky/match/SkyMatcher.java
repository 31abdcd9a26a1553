package org.vasco.common.sky.match;

import java.util.Arrays;

/**
 * Positional matching of table 1 against an index over table 2, in the pair modes of STILTS
 * {@code tskymatch2} (see {@link MatchMode}). The separation limit is inclusive. Rows with no valid
 * position never match. Stateless and thread-safe; the index may be shared between matches.
 */
public final class SkyMatcher {

    private SkyMatcher() {
    }

    /**
     * Matches every row of table 1 against the index built over table 2.
     *
     * @param ra1          RA of table 1, degrees
     * @param dec1         Dec of table 1, degrees
     * @param index2       index over table 2
     * @param radiusArcsec maximum separation, inclusive
     * @throws IllegalArgumentException when the arrays differ in length or the radius is negative or NaN
     */
    public static MatchPairs match(double[] ra1, double[] dec1, SkyIndex index2, double radiusArcsec, MatchMode mode) {
        if (ra1.length != dec1.length) {
            throw new IllegalArgumentException("ra and dec of table 1 differ in length: " + ra1.length + " vs " + dec1.length);
        }
        if (!(radiusArcsec >= 0) || Double.isInfinite(radiusArcsec)) {
            throw new IllegalArgumentException("match radius must be a non-negative number of arcsec, found " + radiusArcsec);
        }
        return switch (mode) {
            case BEST1 -> best1(ra1, dec1, index2, radiusArcsec);
            case ALL -> all(ra1, dec1, index2, radiusArcsec);
            case BEST -> best(all(ra1, dec1, index2, radiusArcsec), ra1.length);
        };
    }

    /** Convenience: builds the index over table 2 and matches. */
    public static MatchPairs match(double[] ra1, double[] dec1, double[] ra2, double[] dec2, double radiusArcsec,
                                   MatchMode mode) {
        return match(ra1, dec1, SkyIndex.build(ra2, dec2, Math.max(radiusArcsec, 1e-3)), radiusArcsec, mode);
    }

    private static MatchPairs best1(double[] ra1, double[] dec1, SkyIndex index2, double radiusArcsec) {
        MatchPairs.Builder pairs = new MatchPairs.Builder();
        double[] best = new double[1];
        int[] bestRow = new int[1];
        for (int i = 0; i < ra1.length; i++) {
            best[0] = Double.POSITIVE_INFINITY;
            bestRow[0] = -1;
            index2.forEachWithin(ra1[i], dec1[i], radiusArcsec, (row, sep) -> {
                if (sep < best[0] || (sep == best[0] && row < bestRow[0])) {
                    best[0] = sep;
                    bestRow[0] = row;
                }
            });
            if (bestRow[0] >= 0) {
                pairs.add(i, bestRow[0], best[0]);
            }
        }
        return pairs.build();
    }

    private static MatchPairs all(double[] ra1, double[] dec1, SkyIndex index2, double radiusArcsec) {
        MatchPairs.Builder pairs = new MatchPairs.Builder();
        MatchPairs.Builder found = new MatchPairs.Builder();
        for (int i = 0; i < ra1.length; i++) {
            found.clear();
            index2.forEachWithin(ra1[i], dec1[i], radiusArcsec, (row, sep) -> found.add(0, row, sep));
            int n = found.size();
            if (n == 0) {
                continue;
            }
            double[] keys = new double[n];
            int[] order = new int[n];
            for (int k = 0; k < n; k++) {
                keys[k] = found.separation(k);
                order[k] = k;
            }
            PrimitiveSort.sort(keys, order, 0, n);
            breakTiesByRow2(keys, order, found);
            for (int k = 0; k < n; k++) {
                pairs.add(i, found.row2(order[k]), keys[k]);
            }
        }
        return pairs.build();
    }

    /** Among pairs of equal separation, order by table-2 row so results do not depend on index layout. */
    private static void breakTiesByRow2(double[] keys, int[] order, MatchPairs.Builder found) {
        int n = keys.length;
        for (int a = 1; a < n; a++) {
            int b = a;
            while (b > 0 && keys[b - 1] == keys[b] && found.row2(order[b - 1]) > found.row2(order[b])) {
                int t = order[b];
                order[b] = order[b - 1];
                order[b - 1] = t;
                b--;
            }
        }
    }

    /** Greedy one-to-one selection in order of separation (ties: lower row 1, then lower row 2). */
    private static MatchPairs best(MatchPairs all, int rows1) {
        int n = all.size();
        double[] keys = new double[n];
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            keys[k] = all.separationArcsec(k);
            order[k] = k;
        }
        PrimitiveSort.sort(keys, order, 0, n);
        // the sort leaves equal separations in any order; pair indices follow (row 1, row 2), so sort them
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) {
                end++;
            }
            if (end - start > 1) {
                Arrays.sort(order, start, end);
            }
            start = end;
        }
        boolean[] used1 = new boolean[rows1];
        java.util.BitSet used2 = new java.util.BitSet();
        boolean[] keep = new boolean[n];
        for (int k = 0; k < n; k++) {
            int p = order[k];
            int r1 = all.row1(p);
            int r2 = all.row2(p);
            if (!used1[r1] && !used2.get(r2)) {
                used1[r1] = true;
                used2.set(r2);
                keep[p] = true;
            }
        }
        MatchPairs.Builder kept = new MatchPairs.Builder();
        for (int p = 0; p < n; p++) {
            if (keep[p]) {
                kept.add(all.row1(p), all.row2(p), all.separationArcsec(p));
            }
        }
        return kept.build();
    }
}
