package org.vasco.extract.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.extract.TestTools;
import org.vasco.extract.config.ExtractSettings;

class ToolLocatorTest {

    @TempDir
    Path dir;

    @Test
    void findsSourceExtractorBeforeSex() throws Exception {
        Path first = TestTools.standIn(dir, "source-extractor", "Source Extractor version 2.25.0", "exit 0");
        TestTools.standIn(dir, "sex", "Source Extractor version 2.19.5", "exit 0");
        TestTools.standIn(dir, "psfex", "PSFEx version 3.21.1", "exit 0");
        ToolLocator.Tools tools = new ToolLocator(dir.toString()).locate(ExtractSettings.from(Environment.of(Map.of())));
        assertThat(tools.sextractor()).isEqualTo(first);
        assertThat(ToolVersions.of(tools)).isEqualTo(new ToolVersions("2.25.0", "3.21.1"));
    }

    @Test
    void fallsBackToSex() throws Exception {
        Path sex = TestTools.standIn(dir, "sex", "Source Extractor version 2.19.5", "exit 0");
        TestTools.standIn(dir, "psfex", "PSFEx version 3.21.1", "exit 0");
        assertThat(new ToolLocator(dir.toString()).locate(ExtractSettings.from(Environment.of(Map.of()))).sextractor())
                .isEqualTo(sex);
    }

    @Test
    void missingBinaryNamesTheSearchAndTheSetting() {
        ExtractSettings settings = ExtractSettings.from(Environment.of(Map.of()));
        assertThatThrownBy(() -> new ToolLocator(dir.toString()).locate(settings))
                .isInstanceOf(ToolNotFoundException.class)
                .hasMessageContaining("source-extractor").hasMessageContaining("sex").hasMessageContaining("VASCO_SEX_BINARY");
        ExtractSettings configured = ExtractSettings.from(Environment.of(Map.of("VASCO_PSFEX_BINARY", "/nonexistent/psfex")));
        assertThatThrownBy(() -> ToolLocator.system().locate(configured))
                .isInstanceOf(ToolNotFoundException.class)
                .hasMessageContaining("/nonexistent/psfex").hasMessageContaining("VASCO_PSFEX_BINARY");
    }

    @Test
    void aBinaryThatIsNotTheToolIsRejected() throws Exception {
        Path impostor = TestTools.standIn(dir, "impostor", "hello", "exit 0");
        assertThatThrownBy(() -> ToolVersions.versionOf("SExtractor", impostor))
                .isInstanceOf(ToolNotFoundException.class).hasMessageContaining("printed no version");
    }
}
