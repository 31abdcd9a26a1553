package org.vasco.common.stage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Chooses the partition of each record a publisher sends so that every member of the topic's share group gets the same
 * share: the members in turn, and of each member its partitions in turn ({@link ShareGroupAssignments}). A partition
 * shared by three members thus gets three records for every two of a partition shared by two, and with fewer members
 * than partitions consecutive records go to different members whatever partitions they own. Where the members are not
 * known, the topic's partitions in turn.
 *
 * <p>The turn is the outbox row's number ({@code outbox.id}), not a count kept by each publisher: a run's tasks are
 * inserted in one transaction and so numbered consecutively, but every service's publisher takes rounds of them, and
 * each publisher counting its own turns from its own starting member gave some members two records more than others
 * (2,560 tasks over 256 members: 9 to 11 each instead of 10), so at the end of a run some slots idled while others had
 * an eleventh step to do. Numbered rows go round the members once per member count whichever publisher sends them
 * (the members in the order of their ids, the same for every publisher).
 *
 * <p>Why not the key's hash: a share group serves each partition with its own members only, so a step finishes when its
 * most loaded members do. Hashed tile ids filled the partitions unevenly (2,560 tasks over 24 partitions: 107 ± 10
 * each) and took no account of how many members serve each. Keys still travel with the records, for logs and dead
 * letters; nothing relies on a tile's records sharing a partition (the claim in PostgreSQL orders a tile's steps).
 * Thread-safe.
 */
final class PartitionRotation {

    private final ToIntFunction<String> partitionCount;
    private final Function<String, List<List<Integer>>> servers;
    /** Per topic, the assignments last seen and the members of them serving partitions the producer knows. */
    private final Map<String, Members> known = new ConcurrentHashMap<>();

    /**
     * @param partitionCount the number of partitions of a topic (the producer's metadata); may throw when unknown
     * @param servers        per member serving a topic, its partitions (empty when not known); the same list for as long
     *                       as the assignments it describes are unchanged
     */
    PartitionRotation(ToIntFunction<String> partitionCount, Function<String, List<List<Integer>>> servers) {
        this.partitionCount = partitionCount;
        this.servers = servers;
    }

    /** The partition for the record of outbox row {@code turn} to {@code topic}. */
    int next(String topic, long turn) {
        int partitions = partitionCount.applyAsInt(topic);
        if (partitions < 1) {
            throw new IllegalStateException("Topic " + topic + " reports " + partitions + " partitions");
        }
        List<List<Integer>> members = serving(topic, partitions);
        if (members.isEmpty()) {
            return (int) Math.floorMod(turn, partitions);
        }
        List<Integer> own = members.get((int) Math.floorMod(turn, members.size()));
        return own.get((int) Math.floorMod(turn / members.size(), own.size()));
    }

    /**
     * The members serving {@code topic} with only the partitions the producer knows of (a topic just grown may be
     * assigned partitions the producer's metadata does not list yet), worked out again only when the assignments or the
     * partition count change: at 256 members, filtering every member's list for every record cost the publisher's
     * thread more than sending.
     */
    private List<List<Integer>> serving(String topic, int partitions) {
        List<List<Integer>> assigned = servers.apply(topic);
        Members last = known.get(topic);
        if (last != null && last.assigned() == assigned && last.partitions() == partitions) {
            return last.serving();
        }
        List<List<Integer>> serving = assigned.stream().map(own -> own.stream().filter(p -> p < partitions).toList())
                .filter(own -> !own.isEmpty()).toList();
        known.put(topic, new Members(assigned, partitions, serving));
        return serving;
    }

    /** The members as assigned (compared by identity), the partition count, and the members serving known partitions. */
    private record Members(List<List<Integer>> assigned, int partitions, List<List<Integer>> serving) {
    }
}
