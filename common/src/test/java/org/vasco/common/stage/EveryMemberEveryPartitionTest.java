package org.vasco.common.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.coordinator.group.api.assignor.GroupAssignment;
import org.apache.kafka.coordinator.group.api.assignor.GroupSpec;
import org.apache.kafka.coordinator.group.api.assignor.MemberAssignment;
import org.apache.kafka.coordinator.group.api.assignor.MemberSubscription;
import org.apache.kafka.coordinator.group.api.assignor.PartitionAssignorException;
import org.apache.kafka.coordinator.group.api.assignor.SubscribedTopicDescriber;
import org.apache.kafka.coordinator.group.api.assignor.SubscriptionType;
import org.junit.jupiter.api.Test;

class EveryMemberEveryPartitionTest {

    private static final Uuid EXTRACT = Uuid.randomUuid();
    private static final Uuid XMATCH = Uuid.randomUuid();
    private final EveryMemberEveryPartition assignor = new EveryMemberEveryPartition();

    @Test
    void fewerMembersThanPartitionsEachServeEveryPartition() {
        GroupAssignment a = assignor.assign(group(members(2, Set.of(EXTRACT)), (t, p) -> true), topics(Map.of(EXTRACT, 24)));

        assertThat(a.members()).hasSize(2).allSatisfy((m, own) ->
                assertThat(own.partitions()).containsOnlyKeys(EXTRACT).containsEntry(EXTRACT, range(24)));
    }

    @Test
    void moreMembersThanPartitionsShareEveryPartitionEvenlyWithABoundedWindowEach() {
        GroupAssignment a = assignor.assign(group(members(256, Set.of(EXTRACT)), (t, p) -> true), topics(Map.of(EXTRACT, 24)));

        Map<Integer, Long> membersPerPartition = a.members().values().stream()
                .flatMap(m -> m.partitions().get(EXTRACT).stream())
                .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        assertThat(a.members().values()).allSatisfy(m -> assertThat(m.partitions().get(EXTRACT)).hasSize(2));
        assertThat(membersPerPartition).containsOnlyKeys(range(24));
        assertThat(membersPerPartition.values()).allSatisfy(n -> assertThat(n).isBetween(21L, 22L));
    }

    @Test
    void partitionsWhoseStateIsNotInitialisedAreLeftOut() {
        GroupAssignment a = assignor.assign(group(members(3, Set.of(EXTRACT)), (t, p) -> p != 1), topics(Map.of(EXTRACT, 4)));

        assertThat(a.members().values()).allSatisfy(m -> assertThat(m.partitions().get(EXTRACT)).containsExactlyInAnyOrder(0, 2, 3));
    }

    @Test
    void eachMemberGetsOnlyTheTopicsItSubscribesTo() {
        Map<String, Set<Uuid>> members = new HashMap<>(members(2, Set.of(EXTRACT)));
        members.put("xmatch-slot", Set.of(XMATCH));
        GroupAssignment a = assignor.assign(group(members, (t, p) -> true), topics(Map.of(EXTRACT, 4, XMATCH, 2)));

        assertThat(a.members().get("xmatch-slot").partitions()).containsOnlyKeys(XMATCH).containsEntry(XMATCH, range(2));
        assertThat(a.members().get("member-0").partitions()).containsOnlyKeys(EXTRACT).containsEntry(EXTRACT, range(4));
    }

    @Test
    void aSubscribedTopicMissingFromTheMetadataIsRefused() {
        assertThatThrownBy(() -> assignor.assign(group(members(1, Set.of(EXTRACT)), (t, p) -> true), topics(Map.of())))
                .isInstanceOf(PartitionAssignorException.class).hasMessageContaining(EXTRACT.toString());
    }

    @Test
    void theWindowIsEveryPartitionUpToAsManyMembersAsPartitionsThenShrinksToOne() {
        assertThat(EveryMemberEveryPartition.windowOf(24, 1)).isEqualTo(24);
        assertThat(EveryMemberEveryPartition.windowOf(24, 24)).isEqualTo(24);
        assertThat(EveryMemberEveryPartition.windowOf(24, 48)).isEqualTo(12);
        assertThat(EveryMemberEveryPartition.windowOf(24, 256)).isEqualTo(2);
        assertThat(EveryMemberEveryPartition.windowOf(24, 1000)).isEqualTo(1);
        // ⌊24² ÷ members⌋ rounded down to a divisor of 24: 23 → 12, 18 → 12, 9 → 8, 5 → 4.
        assertThat(EveryMemberEveryPartition.windowOf(24, 25)).isEqualTo(12);
        assertThat(EveryMemberEveryPartition.windowOf(24, 32)).isEqualTo(12);
        assertThat(EveryMemberEveryPartition.windowOf(24, 64)).isEqualTo(8);
        assertThat(EveryMemberEveryPartition.windowOf(24, 100)).isEqualTo(4);
        assertThat(EveryMemberEveryPartition.windowOf(7, 8)).isEqualTo(1);
    }

    /** Overlapping windows strand records at the end of a run; disjoint ones let a member see all its group's records. */
    @Test
    void windowsNeverPartlyOverlapAndEveryPartitionKeepsAsManyMembersWithinOne() {
        for (int count : List.of(25, 32, 64, 100, 256)) {
            GroupAssignment a = assignor.assign(group(members(count, Set.of(EXTRACT)), (t, p) -> true),
                    topics(Map.of(EXTRACT, 24)));

            List<Set<Integer>> windows = a.members().values().stream().map(m -> m.partitions().get(EXTRACT)).toList();
            assertThat(windows).as("%d members", count).allSatisfy(w -> assertThat(windows)
                    .allSatisfy(other -> assertThat(other.equals(w) || other.stream().noneMatch(w::contains)).isTrue()));
            Map<Integer, Long> membersPerPartition = windows.stream().flatMap(Set::stream)
                    .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
            assertThat(membersPerPartition).as("%d members", count).containsOnlyKeys(range(24));
            long fewest = membersPerPartition.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            long most = membersPerPartition.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(most - fewest).as("%d members", count).isLessThanOrEqualTo(1);
        }
    }

    private static Set<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toSet());
    }

    private static Map<String, Set<Uuid>> members(int n, Set<Uuid> topics) {
        Map<String, Set<Uuid>> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("member-" + i, topics);
        }
        return m;
    }

    private static SubscribedTopicDescriber topics(Map<Uuid, Integer> partitions) {
        return new SubscribedTopicDescriber() {
            @Override
            public int numPartitions(Uuid topic) {
                return partitions.getOrDefault(topic, -1);
            }

            @Override
            public Set<String> racksForPartition(Uuid topic, int partition) {
                return Set.of();
            }
        };
    }

    private static GroupSpec group(Map<String, Set<Uuid>> subscriptions, BiPredicate<Uuid, Integer> assignable) {
        boolean same = subscriptions.values().stream().distinct().count() <= 1;
        return new GroupSpec() {
            @Override
            public List<String> memberIds() {
                return List.copyOf(subscriptions.keySet());
            }

            @Override
            public SubscriptionType subscriptionType() {
                return same ? SubscriptionType.HOMOGENEOUS : SubscriptionType.HETEROGENEOUS;
            }

            @Override
            public boolean isPartitionAssigned(Uuid topic, int partition) {
                return false;
            }

            @Override
            public boolean isPartitionAssignable(Uuid topic, int partition) {
                return assignable.test(topic, partition);
            }

            @Override
            public MemberSubscription memberSubscription(String member) {
                Set<Uuid> topics = subscriptions.get(member);
                return new MemberSubscription() {
                    @Override
                    public Optional<String> rackId() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> instanceId() {
                        return Optional.empty();
                    }

                    @Override
                    public Set<Uuid> subscribedTopicIds() {
                        return topics;
                    }
                };
            }

            @Override
            public MemberAssignment memberAssignment(String member) {
                return Map::of;
            }
        };
    }
}
