package org.vasco.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessTreeMemoryTest {

    @Test
    void recordsThePeakResidentSetOfAChildAndItsDescendants() throws Exception {
        // a shell that starts a grandchild: both must be seen by name
        Process child = new ProcessBuilder("/bin/sh", "-c", "/bin/sleep 30; :").start();
        try (ProcessTreeMemory tree = new ProcessTreeMemory(child.toHandle(), 10)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> tree.peaks().containsKey("sleep") && tree.peaks().containsKey("sh"));
            assertThat(tree.peaks().get("sleep")).isPositive();
        } finally {
            child.descendants().forEach(ProcessHandle::destroy);
            child.destroy();
            child.waitFor();
        }
    }
}
