package org.vasco.common.stage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Chooses the partition of each record a publisher sends so that every member of the topic's share group gets the same
 * share: the members in turn, and of each member its partitions in turn ({@link ShareGroupAssignments}). A partition
 * shared by three members thus gets three records for every two of a partition shared by two, and with fewer members
 * than partitions consecutive records go to different members whatever partitions they own. Where the members are not
 * known, the topic's partitions in turn.
 *
 * <p>Why not the key's hash: a share group serves each partition with its own members only, so a step finishes when its
 * most loaded members do. Hashed tile ids filled the partitions unevenly (2,560 tasks over 24 partitions: 107 ± 10
 * each) and took no account of how many members serve each. Each topic's turn starts at a random member, so the
 * publishers (one per service) do not all begin with the same one. Keys still travel with the records, for logs and
 * dead letters; nothing relies on a tile's records sharing a partition (the claim in PostgreSQL orders a tile's
 * steps). Thread-safe.
 */
final class PartitionRotation {

    private final ToIntFunction<String> partitionCount;
    private final Function<String, List<List<Integer>>> servers;
    private final Map<String, Turns> turns = new ConcurrentHashMap<>();

    /**
     * @param partitionCount the number of partitions of a topic (the producer's metadata); may throw when unknown
     * @param servers        per member serving a topic, its partitions (empty when not known)
     */
    PartitionRotation(ToIntFunction<String> partitionCount, Function<String, List<List<Integer>>> servers) {
        this.partitionCount = partitionCount;
        this.servers = servers;
    }

    /** The partition for the next record to {@code topic}. */
    int next(String topic) {
        int partitions = partitionCount.applyAsInt(topic);
        if (partitions < 1) {
            throw new IllegalStateException("Topic " + topic + " reports " + partitions + " partitions");
        }
        List<List<Integer>> members = servers.apply(topic).stream()
                .map(own -> own.stream().filter(p -> p < partitions).toList()).filter(own -> !own.isEmpty()).toList();
        return turns.computeIfAbsent(topic, t -> new Turns()).next(members, partitions);
    }

    /** One topic's turns. */
    private static final class Turns {
        private final int start = ThreadLocalRandom.current().nextInt(1 << 16);
        private int member;
        private int partition;
        private final Map<Integer, Integer> ofMember = new HashMap<>();

        synchronized int next(List<List<Integer>> members, int partitions) {
            if (members.isEmpty()) {
                return Math.floorMod(start + partition++, partitions);
            }
            int m = Math.floorMod(start + member++, members.size());
            List<Integer> own = members.get(m);
            int turn = ofMember.merge(m, 1, Integer::sum) - 1;
            return own.get(Math.floorMod(turn, own.size()));
        }
    }
}
