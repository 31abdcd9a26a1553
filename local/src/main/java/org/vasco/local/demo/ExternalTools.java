package org.vasco.local.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;

/**
 * Makes sure SExtractor and PSFEx are on PATH before a demo starts: when one is missing it prints the exact
 * install command, and runs it itself when this process is root on a system with {@code apt-get}.
 */
public final class ExternalTools {

    /** The Debian/Ubuntu packages of the two tools. */
    public static final List<String> PACKAGES = List.of("source-extractor", "psfex");
    /** What a user types to install them. */
    public static final String INSTALL_LINE = "sudo apt-get install -y " + String.join(" ", PACKAGES);

    private final ToolLocator locator;
    private final boolean root;
    private final Optional<Path> aptGet;

    ExternalTools(ToolLocator locator, boolean root, Optional<Path> aptGet) {
        this.locator = locator;
        this.root = root;
        this.aptGet = aptGet;
    }

    /** This process's PATH, user and apt-get. */
    public static ExternalTools system() {
        Path apt = Path.of("/usr/bin/apt-get");
        return new ExternalTools(ToolLocator.system(), "root".equals(System.getProperty("user.name")),
                Files.isExecutable(apt) ? Optional.of(apt) : Optional.empty());
    }

    /** The tools that are not on PATH (empty when both are). */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!found("SExtractor", ToolLocator.SEXTRACTOR_NAMES, ExtractSettings.SEX_BINARY.name())) {
            missing.add("SExtractor (source-extractor)");
        }
        if (!found("PSFEx", ToolLocator.PSFEX_NAMES, ExtractSettings.PSFEX_BINARY.name())) {
            missing.add("PSFEx (psfex)");
        }
        return missing;
    }

    /**
     * True when both tools are available, after installing them if they were missing and this process may.
     * Otherwise tells {@code out} how to install them.
     */
    public boolean ensureInstalled(PrintWriter out) throws IOException, InterruptedException {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return true;
        }
        out.printf("The demo needs %s, which %s not on PATH.%n", String.join(" and ", missing), missing.size() == 1 ? "is" : "are");
        if (!(root && aptGet.isPresent())) {
            out.printf("Install them with:%n  %s%nthen run ./vasco demo again.%n", INSTALL_LINE);
            out.flush();
            return false;
        }
        List<String> command = new ArrayList<>(List.of(aptGet.get().toString(), "install", "-y"));
        command.addAll(PACKAGES);
        out.printf("Running as root: %s%n", String.join(" ", command));
        out.flush();
        Process apt = new ProcessBuilder(command).inheritIO().start();
        int exit = apt.waitFor();
        List<String> stillMissing = missing();
        if (exit != 0 || !stillMissing.isEmpty()) {
            out.printf("apt-get install exited with %d and %s still missing; install them with:%n  %s%n", exit,
                    stillMissing.isEmpty() ? "nothing" : String.join(", ", stillMissing), INSTALL_LINE);
            out.flush();
            return false;
        }
        return true;
    }

    private boolean found(String tool, List<String> names, String setting) {
        try {
            locator.locate(tool, Optional.empty(), names, setting);
            return true;
        } catch (ToolNotFoundException e) {
            return false;
        }
    }
}
