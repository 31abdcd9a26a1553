package org.vasco.extract.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions of the tools in use, asked once per worker ({@code -v}) and recorded with every
 * tile's result as provenance.
 *
 * @param sextractor e.g. {@code 2.25.0}
 * @param psfex      e.g. {@code 3.21.1}
 */
public record ToolVersions(String sextractor, String psfex) {

    private static final Pattern VERSION = Pattern.compile("version\\s+([0-9][0-9A-Za-z.\\-]*)");
    private static final long TIMEOUT_SECONDS = 30;

    /**
     * Runs {@code <binary> -v} for both tools.
     *
     * @throws ToolNotFoundException when a tool does not run or does not print a version
     */
    public static ToolVersions of(ToolLocator.Tools tools) throws ToolNotFoundException, InterruptedException {
        return new ToolVersions(versionOf("SExtractor", tools.sextractor()), versionOf("PSFEx", tools.psfex()));
    }

    static String versionOf(String tool, Path binary) throws ToolNotFoundException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new ToolNotFoundException(tool + " binary " + binary + " cannot be started: " + e.getMessage());
        }
        String output;
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ToolNotFoundException(tool + " binary " + binary + " did not answer '-v' within "
                        + TIMEOUT_SECONDS + " s; is it really " + tool + "?");
            }
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolNotFoundException(tool + " binary " + binary + ": cannot read its '-v' output: " + e.getMessage());
        }
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            throw new ToolNotFoundException(tool + " binary " + binary + " printed no version for '-v' (output: '"
                    + output.strip() + "'); is it really " + tool + "?");
        }
        return m.group(1);
    }
}
