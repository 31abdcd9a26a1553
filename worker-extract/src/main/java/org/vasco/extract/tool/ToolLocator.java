package org.vasco.extract.tool;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vasco.extract.config.ExtractSettings;

/**
 * Finds the SExtractor and PSFEx binaries: the configured value (a path, or a name searched on
 * PATH), else the default names in order — {@code source-extractor} then {@code sex} (Debian ships
 * only the former), and {@code psfex}. Immutable and thread-safe.
 */
public final class ToolLocator {

    public static final List<String> SEXTRACTOR_NAMES = List.of("source-extractor", "sex");
    public static final List<String> PSFEX_NAMES = List.of("psfex");

    private final List<Path> searchPath;

    /** @param pathVariable the PATH to search, directories separated by the platform separator */
    public ToolLocator(String pathVariable) {
        List<Path> dirs = new ArrayList<>();
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        this.searchPath = List.copyOf(dirs);
    }

    /** A locator over this process's PATH. */
    public static ToolLocator system() {
        return new ToolLocator(System.getenv("PATH"));
    }

    /** Both tools, as the settings configure them. */
    public Tools locate(ExtractSettings settings) throws ToolNotFoundException {
        return new Tools(
                locate("SExtractor", settings.sextractorBinary(), SEXTRACTOR_NAMES, ExtractSettings.SEX_BINARY.name()),
                locate("PSFEx", settings.psfexBinary(), PSFEX_NAMES, ExtractSettings.PSFEX_BINARY.name()));
    }

    /**
     * One tool.
     *
     * @throws ToolNotFoundException naming what was searched and the setting that fixes it
     */
    public Path locate(String tool, Optional<String> configured, List<String> defaultNames, String settingName)
            throws ToolNotFoundException {
        if (configured.isPresent()) {
            String value = configured.get().trim();
            Optional<Path> found = value.contains(File.separator) ? executable(Path.of(value)) : onPath(value);
            return found.orElseThrow(() -> new ToolNotFoundException(tool + " binary '" + value + "' (from " + settingName
                    + ") is not an executable file" + (value.contains(File.separator) ? "" : " on PATH " + searchPath)
                    + "; fix " + settingName + " or install the tool"));
        }
        for (String name : defaultNames) {
            Optional<Path> found = onPath(name);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ToolNotFoundException(tool + " not found: " + settingName + " is unset and none of " + defaultNames
                + " is an executable on PATH " + searchPath + "; install it (Debian: apt-get install source-extractor psfex) or set "
                + settingName);
    }

    private Optional<Path> onPath(String name) {
        for (Path dir : searchPath) {
            Optional<Path> found = executable(dir.resolve(name));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
                ? Optional.of(candidate.toAbsolutePath()) : Optional.empty();
    }

    /** The located binaries. */
    public record Tools(Path sextractor, Path psfex) {
    }
}
