package org.vasco.common.stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.coordinator.group.api.assignor.GroupAssignment;
import org.apache.kafka.coordinator.group.api.assignor.GroupSpec;
import org.apache.kafka.coordinator.group.api.assignor.MemberAssignment;
import org.apache.kafka.coordinator.group.api.assignor.PartitionAssignorException;
import org.apache.kafka.coordinator.group.api.assignor.ShareGroupPartitionAssignor;
import org.apache.kafka.coordinator.group.api.assignor.SubscribedTopicDescriber;

/**
 * A share-group assignor for the broker ({@code group.share.assignors}) that lets any idle member take any waiting
 * record while the members are no more than the partitions: each member is assigned every partition of the topics it
 * subscribes to. With more members than partitions each gets a window of consecutive partitions, so that every
 * partition keeps about as many members as there are partitions: the largest divisor of the partition count that is
 * at most ⌊partitions² ÷ members⌋ (at least one). The windows then tile the partitions into disjoint groups (members in
 * turn: member i serves group i mod groups), and every member of a group sees every record of its group.
 *
 * <p>Why: Kafka's built-in assignor shares a partition between members only once they outnumber the partitions; with
 * fewer members than partitions each partition has one member, so a record is bound at publication to the one member
 * that owns its partition, and at the end of a run one worker can hold the last waiting tiles while another idles (a
 * production cluster's 24 partitions with a few extract replicas). Each of our members holds at most one record
 * ({@code max.poll.records=1}, record-limit acquisition), so sharing partitions costs nothing in fairness. The window
 * beyond that bounds the broker's work: a record's arrival wakes the share fetch of every member of its partition, and
 * 256 members on all 24 partitions overwhelmed the embedded broker. The window divides the partition count because
 * overlapping windows strand work at the end of a run: the broker hands a member the next record of the first of its
 * partitions that has one, so partitions drain unevenly, and a member whose partitions are empty idles while records
 * wait in partitions outside its window (64 members with windows of 9 of 24: a quarter of them idle 4 s before the
 * end, 88 % of the ideal throughput; with disjoint windows of 8, 91–97 %). Runs inside the broker, so it depends only on
 * Kafka's assignor API.
 */
public final class EveryMemberEveryPartition implements ShareGroupPartitionAssignor {

    /** The name members would ask for; the broker uses the first assignor of its list. */
    public static final String NAME = "vasco-every-partition";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GroupAssignment assign(GroupSpec group, SubscribedTopicDescriber topics) throws PartitionAssignorException {
        List<String> members = group.memberIds().stream().sorted().toList();
        Map<String, Map<Uuid, Set<Integer>>> assigned = new HashMap<>();
        members.forEach(m -> assigned.put(m, new HashMap<>()));
        Map<Uuid, List<String>> byTopic = new HashMap<>();
        for (String member : members) {
            for (Uuid topic : group.memberSubscription(member).subscribedTopicIds()) {
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(member);
            }
        }
        byTopic.forEach((topic, subscribers) -> {
            int count = topics.numPartitions(topic);
            if (count < 0) {
                throw new PartitionAssignorException("Members subscribe to topic " + topic + ", which is not in the topic metadata");
            }
            List<Integer> assignable = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                // A partition whose share-group state is not yet initialised must not be handed out.
                if (group.isPartitionAssignable(topic, p)) {
                    assignable.add(p);
                }
            }
            if (assignable.isEmpty()) {
                return;
            }
            int n = assignable.size();
            int window = windowOf(n, subscribers.size());
            for (int i = 0; i < subscribers.size(); i++) {
                Set<Integer> own = new HashSet<>();
                for (int j = 0; j < window; j++) {
                    own.add(assignable.get(Math.floorMod(i * window + j, n)));
                }
                assigned.get(subscribers.get(i)).put(topic, Set.copyOf(own));
            }
        });
        Map<String, MemberAssignment> result = new HashMap<>();
        assigned.forEach((member, partitions) -> result.put(member, new Partitions(Map.copyOf(partitions))));
        return new GroupAssignment(result);
    }

    /**
     * How many consecutive partitions each of {@code members} serves: all of them while the members are no more than
     * the partitions, then fewer, so that a partition has about as many members as there are partitions (a record's
     * arrival wakes the share fetches of every member of its partition): the largest divisor of {@code partitions} not
     * above ⌊partitions² ÷ members⌋, so that the windows never overlap, and at least one.
     */
    static int windowOf(int partitions, int members) {
        if (members <= partitions) {
            return partitions;
        }
        int window = Math.max(1, partitions * partitions / members);
        while (partitions % window != 0) {
            window--;
        }
        return window;
    }

    private record Partitions(Map<Uuid, Set<Integer>> partitions) implements MemberAssignment {
    }
}
