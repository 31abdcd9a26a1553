package org.vasco.common.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionRotationTest {

    /** 2,560 records over 24 partitions: 106 or 107 each, where hashed keys gave 107 ± 10. */
    @Test
    void recordsFillEveryPartitionEvenlyWhateverTheirKeys() {
        PartitionRotation rotation = new PartitionRotation(topic -> 24);
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 2560; i++) {
            counts.merge(rotation.next("vasco.tile.extract"), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyElementsOf(IntStream.range(0, 24).boxed().toList());
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(106, 107));
    }

    /** Each topic keeps its own turn, and a topic that gained partitions is served over all of them. */
    @Test
    void eachTopicTakesItsOwnTurnsOverItsCurrentPartitions() {
        Map<String, Integer> partitions = new HashMap<>(Map.of("a", 3, "b", 1));
        PartitionRotation rotation = new PartitionRotation(partitions::get);
        int first = rotation.next("a");
        assertThat(rotation.next("b")).isZero();
        assertThat(rotation.next("a")).isEqualTo((first + 1) % 3);
        assertThat(rotation.next("a")).isEqualTo((first + 2) % 3);
        partitions.put("a", 6);
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
            counts.merge(rotation.next("a"), 1, Integer::sum);
        }
        assertThat(counts).hasSize(6).allSatisfy((p, n) -> assertThat(n).isEqualTo(10));
    }

    @Test
    void aTopicWithoutPartitionsIsAnError() {
        PartitionRotation rotation = new PartitionRotation(topic -> 0);
        assertThatThrownBy(() -> rotation.next("vasco.tile.veto")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vasco.tile.veto").hasMessageContaining("0 partitions");
    }
}
