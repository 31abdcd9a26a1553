package org.vasco.coordinator.review;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps only its {@code kept} most recently used entries (read or written), dropping the least recently
 * used on insertion: the review page's bounded memory of tiles and runs. Not thread-safe; callers lock.
 */
final class RecentlyUsed<K, V> extends LinkedHashMap<K, V> {

    private static final long serialVersionUID = 1L;
    private final int kept;

    RecentlyUsed(int kept) {
        super(16, 0.75f, true);
        this.kept = kept;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > kept;
    }
}
