package org.vasco.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.extract.tool.ToolLocator;

/** What the demo says and does when SExtractor or PSFEx is not on PATH. */
class ExternalToolsTest {

    @Test
    void bothMissingWithoutRootPrintsTheExactInstallLineAndStops(@TempDir Path emptyPath) throws Exception {
        ExternalTools tools = new ExternalTools(new ToolLocator(emptyPath.toString()), false, Optional.of(Path.of("/usr/bin/apt-get")));
        assertThat(tools.missing()).containsExactly("SExtractor (source-extractor)", "PSFEx (psfex)");
        StringWriter out = new StringWriter();
        assertThat(tools.ensureInstalled(new PrintWriter(out))).isFalse();
        assertThat(out.toString()).contains("sudo apt-get install -y source-extractor psfex");
    }

    @Test
    void rootWithoutAptGetAlsoOnlyExplains(@TempDir Path emptyPath) throws Exception {
        ExternalTools tools = new ExternalTools(new ToolLocator(emptyPath.toString()), true, Optional.empty());
        StringWriter out = new StringWriter();
        assertThat(tools.ensureInstalled(new PrintWriter(out))).isFalse();
        assertThat(out.toString()).contains("PSFEx (psfex)", ExternalTools.INSTALL_LINE);
    }

    @Test
    void theOldSexNameCountsAndNothingIsPrintedWhenBothArePresent(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"sex", "psfex"}) {
            Files.createFile(dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        ExternalTools tools = new ExternalTools(new ToolLocator(dir.toString()), false, Optional.empty());
        StringWriter out = new StringWriter();
        assertThat(tools.ensureInstalled(new PrintWriter(out))).isTrue();
        assertThat(out.toString()).isEmpty();
    }
}
