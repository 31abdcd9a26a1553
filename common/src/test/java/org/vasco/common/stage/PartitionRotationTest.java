package org.vasco.common.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionRotationTest {

    private static final List<List<Integer>> NOT_KNOWN = List.of();

    /** 2,560 records over 24 partitions, members unknown: 106 or 107 each, where hashed keys gave 107 ± 10. */
    @Test
    void withoutMembersRecordsFillEveryPartitionEvenly() {
        PartitionRotation rotation = new PartitionRotation(topic -> 24, topic -> NOT_KNOWN);
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 2560; i++) {
            counts.merge(rotation.next("vasco.tile.extract", 1000 + i), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyElementsOf(IntStream.range(0, 24).boxed().toList());
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(106, 107));
    }

    /**
     * 64 members over 24 partitions, as the broker shares them (16 partitions with three members, 8 with two): each
     * partition gets records in proportion to its members, so every member has the same ten to do.
     */
    @Test
    void aPartitionGetsRecordsInProportionToTheMembersSharingIt() {
        List<List<Integer>> members = sixtyFourMembersAsTheBrokerSharesThem();
        assertThat(members).hasSize(64);
        PartitionRotation rotation = new PartitionRotation(topic -> 24, topic -> members);
        int[] counts = new int[24];
        for (int i = 0; i < 640; i++) {
            counts[rotation.next("vasco.tile.extract", 77 + i)]++;
        }
        for (int p = 0; p < 24; p++) {
            assertThat(counts[p]).as("records on partition %d", p).isEqualTo(p < 16 ? 30 : 20);
        }
    }

    /**
     * The same 640 rows sent by three publishers taking rounds of 200 in turn (each service has one): the shares stay
     * exact, because the turn is the row's number and not each publisher's own count.
     */
    @Test
    void rowsSentInRoundsByDifferentPublishersStillGiveEveryMemberTheSameShare() {
        List<List<Integer>> members = sixtyFourMembersAsTheBrokerSharesThem();
        List<PartitionRotation> publishers = IntStream.range(0, 3)
                .mapToObj(i -> new PartitionRotation(topic -> 24, topic -> members)).toList();
        int[] counts = new int[24];
        for (int i = 0; i < 640; i++) {
            PartitionRotation publisher = publishers.get((i / 200) % publishers.size());
            publisher.next("vasco.tile.download", 5000 + i); // another topic's rows in between change nothing
            counts[publisher.next("vasco.tile.extract", 9000 + i)]++;
        }
        for (int p = 0; p < 24; p++) {
            assertThat(counts[p]).as("records on partition %d", p).isEqualTo(p < 16 ? 30 : 20);
        }
    }

    /**
     * Two members owning twelve partitions each, in halves: consecutive records go to alternate members, so six tiles
     * split three and three (in turn over the partitions alone, six consecutive partitions can all be one member's).
     */
    @Test
    void withFewerMembersThanPartitionsConsecutiveRecordsGoToDifferentMembers() {
        List<Integer> first = IntStream.range(0, 12).boxed().toList();
        List<Integer> second = IntStream.range(12, 24).boxed().toList();
        PartitionRotation rotation = new PartitionRotation(topic -> 24, topic -> List.of(first, second));
        int toFirst = 0;
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int p = rotation.next("vasco.tile.extract", 40 + i);
            seen.add(p);
            toFirst += first.contains(p) ? 1 : 0;
        }
        assertThat(toFirst).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates();
    }

    /** Each topic goes by its own partitions; a partition a member reports beyond the topic's count is not used. */
    @Test
    void eachTopicTakesItsTurnsOverItsCurrentPartitions() {
        Map<String, Integer> partitions = new HashMap<>(Map.of("a", 3, "b", 1));
        PartitionRotation rotation = new PartitionRotation(partitions::get,
                topic -> topic.equals("b") ? List.of(List.of(0, 5)) : NOT_KNOWN);
        assertThat(rotation.next("a", 7)).isEqualTo(1);
        assertThat(rotation.next("b", 8)).isZero();
        assertThat(rotation.next("b", 9)).isZero();
        assertThat(rotation.next("a", 10)).isEqualTo(1);
        assertThat(rotation.next("a", 11)).isEqualTo(2);
    }

    /**
     * Members that come and go and a topic that grows are followed from the next record on: the members serving the
     * topic are worked out once per snapshot of the assignments, and again when either changes.
     */
    @Test
    void newAssignmentsAndAGrownTopicCountFromTheNextRecord() {
        AtomicReference<List<List<Integer>>> assigned = new AtomicReference<>(List.of(List.of(0), List.of(1)));
        AtomicInteger partitions = new AtomicInteger(2);
        PartitionRotation rotation = new PartitionRotation(topic -> partitions.get(), topic -> assigned.get());
        assertThat(IntStream.range(0, 4).map(turn -> rotation.next("t", turn))).containsExactly(0, 1, 0, 1);

        assigned.set(List.of(List.of(1, 3))); // one member left; the other is also given partition 3, not created yet
        assertThat(IntStream.range(0, 4).map(turn -> rotation.next("t", turn))).containsExactly(1, 1, 1, 1);

        partitions.set(4); // the same assignments, and now the producer knows partition 3
        assertThat(IntStream.range(0, 4).map(turn -> rotation.next("t", turn))).containsExactly(1, 3, 1, 3);
    }

    /** 16 partitions with three members, 8 with two. */
    private static List<List<Integer>> sixtyFourMembersAsTheBrokerSharesThem() {
        List<List<Integer>> members = new ArrayList<>();
        for (int p = 0; p < 24; p++) {
            for (int k = 0; k < (p < 16 ? 3 : 2); k++) {
                members.add(List.of(p));
            }
        }
        return members;
    }

    @Test
    void aTopicWithoutPartitionsIsAnError() {
        PartitionRotation rotation = new PartitionRotation(topic -> 0, topic -> NOT_KNOWN);
        assertThatThrownBy(() -> rotation.next("vasco.tile.veto", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vasco.tile.veto").hasMessageContaining("0 partitions");
    }
}
