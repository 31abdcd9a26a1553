package org.vasco.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vasco.local.Main;

/** The benches start the {@code vasco} command by its main class's name; the name must be the class's. */
class ChildJvmTest {

    @Test
    void theBenchesStartTheVascoCommandsMainClass() {
        assertThat(ChildJvm.VASCO_MAIN).isEqualTo(Main.class.getName());
        List<String> command = ChildJvm.command(List.of("-Xmx64m"), ChildJvm.VASCO_MAIN, List.of("xmatch", "--help"));
        assertThat(command.subList(1, command.size())).containsExactly("-Xmx64m", "-cp", System.getProperty("java.class.path"),
                "org.vasco.local.Main", "xmatch", "--help");
    }
}
