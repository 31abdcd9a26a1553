package org.vasco.veto.stages;

import java.util.ArrayList;
import java.util.List;

/** Splitting a batch into uploads of bounded size. */
final class Batches {

    private Batches() {
    }

    static <T> List<List<T>> chunks(List<T> items, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive, was " + size);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }
}
