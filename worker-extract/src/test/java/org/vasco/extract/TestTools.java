package org.vasco.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.vasco.common.config.Environment;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionPipeline;
import org.vasco.extract.pipeline.SurvivorMeasurement;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolVersions;

/** The real SExtractor and PSFEx (installed by CI), and stand-in executables that misbehave on purpose. */
public final class TestTools {

    private TestTools() {
    }

    public static ExtractionPipeline pipeline(Map<String, String> variables) throws Exception {
        ExtractSettings settings = ExtractSettings.from(Environment.of(variables));
        ToolLocator.Tools tools = ToolLocator.system().locate(settings);
        return new ExtractionPipeline(tools, ToolVersions.of(tools), ExtractionConfig.from(settings), settings);
    }

    public static SurvivorMeasurement measurement(Map<String, String> variables) throws Exception {
        ExtractSettings settings = ExtractSettings.from(Environment.of(variables));
        return new SurvivorMeasurement(ToolLocator.system().locate(settings), ExtractionConfig.from(settings), settings);
    }

    /**
     * A stand-in executable: answers {@code -v} like the tool it replaces, otherwise runs {@code body}
     * (a POSIX sh script fragment). Launched through its #! line by an argument list, never a shell command line.
     */
    public static Path standIn(Path dir, String name, String versionLine, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n"
                + "if [ \"$1\" = \"-v\" ]; then echo '" + versionLine + "'; exit 0; fi\n"
                + body + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
