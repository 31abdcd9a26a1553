package org.vasco.common.stage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * Chooses the partition of each record a publisher sends: each topic's partitions in turn, from a random one.
 *
 * <p>Why not the key's hash: a share group serves each partition with its own members (about members / partitions of
 * them, or one member for several partitions when there are fewer members), so the step finishes when its fullest
 * partition does. Hashed tile ids fill the partitions unevenly (2,560 tasks over 24 partitions: 107 ± 10 each), and
 * the members of the fullest one keep working while the others idle. In turn, the counts differ by one at most. The
 * random start keeps publishers (one per service) and restarts from all beginning at partition 0. Keys still travel
 * with the records, for logs and dead letters; nothing relies on a tile's records sharing a partition (the claim in
 * PostgreSQL orders a tile's steps). Thread-safe.
 */
final class PartitionRotation {

    private final ToIntFunction<String> partitionCount;
    private final Map<String, Integer> next = new ConcurrentHashMap<>();

    /** @param partitionCount the number of partitions of a topic (the producer's metadata); may throw when unknown */
    PartitionRotation(ToIntFunction<String> partitionCount) {
        this.partitionCount = partitionCount;
    }

    /** The partition for the next record to {@code topic}. */
    int next(String topic) {
        int partitions = partitionCount.applyAsInt(topic);
        if (partitions < 1) {
            throw new IllegalStateException("Topic " + topic + " reports " + partitions + " partitions");
        }
        int turn = next.compute(topic, (t, last) -> last == null ? ThreadLocalRandom.current().nextInt(partitions)
                : (last + 1) % partitions);
        return turn % partitions;
    }
}
