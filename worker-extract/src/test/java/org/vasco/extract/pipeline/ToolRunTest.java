package org.vasco.extract.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.extract.TestTools;
import org.vasco.extract.tool.ToolRun;

/** Child processes: argument lists, working directory, cleaned logs, error lines, and the timeout that kills the tree. */
class ToolRunTest {

    @TempDir
    Path dir;

    @Test
    void hangingToolIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Path hang = TestTools.standIn(dir, "sex-hanging", "Source Extractor version 2.25.0 (stand-in)",
                "sleep 600 &\necho $! > child.pid\necho 'working' >&2\nwait");
        Path work = Files.createDirectories(dir.resolve("work"));
        ToolRun.Result result = new ToolRun("pass1", hang, List.of("image.fits"), work, dir.resolve("logs"),
                Duration.ofMillis(1500)).execute();
        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isEqualTo(-1);
        long child = Long.parseLong(Files.readString(work.resolve("child.pid")).trim());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        assertThat(result.errorLines()).containsExactly("working");
    }

    @Test
    void runsInTheWorkingDirectoryWithArgumentsVerbatimAndCleansAnsiCodes() throws Exception {
        Path tool = TestTools.standIn(dir, "psfex-chatty", "PSFEx version 3.21.1 (stand-in)",
                "pwd > where.txt\nprintf '%s\\n' \"$@\" > args.txt\n"
                        + "printf '\\033[1M> Reading data\\n\\033[1A> All done\\n' >&2\necho 'out line'");
        Path work = Files.createDirectories(dir.resolve("work"));
        // An empty argument and one with shell metacharacters must arrive unchanged: no shell is involved.
        List<String> args = List.of("pass1.ldac", "-PSF_NAME", "", "$(touch pwned); *");
        ToolRun.Result result = new ToolRun("psfex", tool, args, work, dir.resolve("logs"), Duration.ofSeconds(30)).execute();
        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readString(work.resolve("where.txt")).trim()).isEqualTo(work.toRealPath().toString());
        assertThat(Files.readAllLines(work.resolve("args.txt"))).containsExactlyElementsOf(args);
        assertThat(work.resolve("pwned")).doesNotExist();
        assertThat(Files.readString(result.stderrLog())).isEqualTo("> Reading data\n> All done\n");
        assertThat(Files.readString(result.stdoutLog())).isEqualTo("out line\n");
        assertThat(result.wallTime()).isPositive();
    }

    @Test
    void failingToolReportsItsErrorLines() throws Exception {
        Path tool = TestTools.standIn(dir, "sex-failing", "Source Extractor version 2.25.0 (stand-in)",
                "echo '> WARNING: something odd' >&2\necho '> *ERROR*: cannot open image.fits' >&2\nexit 1");
        ToolRun.Result result = new ToolRun("pass1", tool, List.of(), Files.createDirectories(dir.resolve("work")),
                dir.resolve("logs"), Duration.ofSeconds(30)).execute();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errorLines()).containsExactly("> *ERROR*: cannot open image.fits");
        assertThat(result.errorSummary()).contains("cannot open image.fits");
    }

    @Test
    void storageThatCannotTakeTheLogsIsReportedAsStorageNotAsTheTool() throws Exception {
        Path tool = TestTools.standIn(dir, "sex-fine", "Source Extractor version 2.25.0 (stand-in)", "echo ok");
        Path work = Files.createDirectories(dir.resolve("work"));
        // A file where the log directory should be: no directory can be made there, whoever runs the test.
        Path logs = Files.writeString(dir.resolve("logs"), "not a directory");
        ToolRun run = new ToolRun("pass1", tool, List.of(), work, logs, Duration.ofSeconds(30));

        assertThatThrownBy(run::execute).isInstanceOf(ToolRun.ScratchStorageException.class)
                .hasMessageContaining("pass1: cannot write its scratch or log files").hasMessageContaining(logs.toString());
        assertThatThrownBy(() -> ExtractionPipeline.runTool(run)).isInstanceOfSatisfying(ExtractionException.class,
                e -> assertThat(e.kind()).isEqualTo(ExtractionException.Kind.STORAGE));
        assertThatThrownBy(() -> ExtractionPipeline.runTool(new ToolRun("pass1", dir.resolve("no-such-binary"), List.of(),
                work, dir.resolve("logs2"), Duration.ofSeconds(30)))).isInstanceOfSatisfying(ExtractionException.class,
                e -> assertThat(e.kind()).as("a binary that cannot start is the tool's failure").isEqualTo(
                        ExtractionException.Kind.TOOL_FAILED));
    }
}
