package org.vasco.common.sky.match;

/**
 * Sorts a double key array and an int payload array together, in place, without boxing: the index
 * and the matcher sort millions of rows and must not allocate an object per row.
 */
final class PrimitiveSort {

    private static final int INSERTION_THRESHOLD = 24;

    private PrimitiveSort() {
    }

    /** Sorts keys[from, to) ascending, permuting payload alike. Ties keep no particular order. */
    static void sort(double[] keys, int[] payload, int from, int to) {
        while (to - from > INSERTION_THRESHOLD) {
            int mid = (from + to) >>> 1;
            double pivot = medianOfThree(keys[from], keys[mid], keys[to - 1]);
            int i = from;
            int j = to - 1;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(keys, payload, i, j);
                    i++;
                    j--;
                }
            }
            // recurse into the smaller side, loop on the larger: stack depth stays logarithmic
            if (j + 1 - from < to - i) {
                sort(keys, payload, from, j + 1);
                from = i;
            } else {
                sort(keys, payload, i, to);
                to = j + 1;
            }
        }
        for (int a = from + 1; a < to; a++) {
            double k = keys[a];
            int p = payload[a];
            int b = a - 1;
            while (b >= from && keys[b] > k) {
                keys[b + 1] = keys[b];
                payload[b + 1] = payload[b];
                b--;
            }
            keys[b + 1] = k;
            payload[b + 1] = p;
        }
    }

    private static double medianOfThree(double a, double b, double c) {
        if (a < b) {
            return b < c ? b : Math.max(a, c);
        }
        return a < c ? a : Math.max(b, c);
    }

    private static void swap(double[] keys, int[] payload, int i, int j) {
        double k = keys[i];
        keys[i] = keys[j];
        keys[j] = k;
        int p = payload[i];
        payload[i] = payload[j];
        payload[j] = p;
    }
}
