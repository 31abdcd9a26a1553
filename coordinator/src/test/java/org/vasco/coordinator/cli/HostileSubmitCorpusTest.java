package org.vasco.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.testkit.hostile.HostileCase;
import org.vasco.testkit.hostile.HostileNames;

/**
 * The {@code vasco submit} cases of the hostile-input corpus ({@link HostileNames}): every hostile run name and tile
 * list entry is refused with exit code 2 and a message naming the problem, nothing is written (run, run_tile and
 * outbox unchanged, the run table intact), and an ordinary submission afterwards still works.
 */
class HostileSubmitCorpusTest {

    @Test
    void hostileRunNamesAndTileEntriesAreRefusedAndWriteNothing(@TempDir Path dir) throws Exception {
        String validTile = TessellationPlan.generate(PlateCatalogue.bundled()).stream()
                .filter(t -> t.plateId().equals("XE309")).findFirst().orElseThrow().tileId().value();
        String before = CliHarness.writtenRows();
        SoftAssertions soft = new SoftAssertions();
        for (HostileCase<String> c : HostileNames.runNames()) {
            check(soft, c, "--plate", "XE309", "--limit", "1", "--run", c.build());
        }
        int n = 0;
        for (HostileCase<String> c : HostileNames.tileListEntries()) {
            Path list = dir.resolve("tiles-" + (n++) + ".txt");
            Files.writeString(list, validTile + "\n" + c.build() + "\n", StandardCharsets.UTF_8);
            check(soft, c, "--tiles", list.toString(), "--run", "hostile-" + UUID.randomUUID().toString().substring(0, 8));
        }
        soft.assertAll();
        assertThat(CliHarness.writtenRows()).as("nothing written by any refused submission").isEqualTo(before);

        String good = "after-hostile-" + UUID.randomUUID().toString().substring(0, 8);
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), "--plate", "XE309", "--limit", "1", "--run", good);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(CliHarness.count("SELECT count(*) FROM run WHERE run_id = ?", good)).isEqualTo(1);
    }

    private static void check(SoftAssertions soft, HostileCase<String> c, String... args) {
        CliHarness.Result r = CliHarness.run(new SubmitCommand(CliHarness.context()), args);
        soft.assertThat("EXIT_" + r.exitCode()).as(c.name() + " (" + c.input() + "): " + r.err()).isEqualTo(c.expected().reason());
        soft.assertThat(r.err()).as(c.name() + ": message").contains(c.expected().phrase());
        soft.assertThat(r.out()).as(c.name() + ": nothing submitted").doesNotContain("Submitted run");
    }

}
