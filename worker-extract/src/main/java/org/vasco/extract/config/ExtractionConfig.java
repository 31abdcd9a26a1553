package org.vasco.extract.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.storage.ArtefactFile;

/**
 * The configuration of one extraction: the bundled reference files (value for value SPEC §5.2–5.5,
 * with the keys the reference left at SExtractor's built-in defaults written out), optionally some
 * files replaced from a configuration directory, and key overrides passed on the command lines.
 *
 * <p>Precedence, lowest first: bundled file → file of the same name in the configuration directory →
 * {@link ConfigOverrides} ({@code --set} / {@code VASCO_EXTRACT_SET}). Overrides are passed as
 * {@code -KEY value} arguments, which SExtractor and PSFEx apply after reading their file.
 * Immutable and thread-safe.
 */
public final class ExtractionConfig {

    /** The measure step's parameter file: the pass-2 parameters plus the associated number. */
    public static final String MEASURE_PARAMETERS = "measure.param";
    /** The measure step's ASSOC list: one {@code X_IMAGE Y_IMAGE NUMBER} line per veto survivor. */
    public static final String ASSOC_LIST = "survivors.assoc";

    /**
     * ASSOC_RADIUS of the measure pass, pixels. The list carries the position pass's X/Y_IMAGE, which the LDAC
     * holds as 32-bit floats of the double barycentre SExtractor matches against: the rounding is at most half
     * a float ulp per axis, 0.0005 px below x = 16384 (POSS-I scans are 14,000 px), and the test is strict
     * ({@code dist < radius}), so the radius must exceed ~0.0007 px. Two distinct objects' barycentres are
     * pixels apart (deblended children are disjoint pixel sets around separate peaks), so 0.01 px, 14 times
     * the rounding and far below any separation, matches each survivor to itself and to nothing else; the
     * measure step checks that every survivor came back exactly once.
     */
    public static final String ASSOC_RADIUS_PX = "0.01";

    private final Map<ConfigFile, String> files;
    private final Optional<Path> configDir;
    private final ConfigOverrides overrides;

    private ExtractionConfig(Map<ConfigFile, String> files, Optional<Path> configDir, ConfigOverrides overrides) {
        this.files = files;
        this.configDir = configDir;
        this.overrides = overrides;
    }

    /** The bundled reference configuration without overrides. */
    public static ExtractionConfig bundled() {
        Map<ConfigFile, String> files = new EnumMap<>(ConfigFile.class);
        for (ConfigFile file : ConfigFile.values()) {
            try (InputStream in = ExtractionConfig.class.getResourceAsStream(file.resource())) {
                if (in == null) {
                    throw new IllegalStateException("Bundled configuration " + file.resource() + " is missing from the worker-extract jar");
                }
                files.put(file, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read bundled configuration " + file.resource(), e);
            }
        }
        return new ExtractionConfig(Map.copyOf(files), Optional.empty(), ConfigOverrides.none());
    }

    /** The configuration from settings: bundled, the settings' configuration directory, the settings' overrides. */
    public static ExtractionConfig from(ExtractSettings settings) throws IOException {
        ExtractionConfig config = bundled();
        if (settings.configDir().isPresent()) {
            config = config.withConfigDir(settings.configDir().get());
        }
        return config.withOverrides(settings.overrides());
    }

    /**
     * Replaces bundled files by the files of the same name found in {@code dir} (others stay bundled).
     *
     * @throws IOException when {@code dir} is not a readable directory
     */
    public ExtractionConfig withConfigDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Configuration directory " + dir + " does not exist or is not a directory");
        }
        Map<ConfigFile, String> replaced = new EnumMap<>(files);
        for (ConfigFile file : ConfigFile.values()) {
            Path candidate = dir.resolve(file.fileName());
            if (Files.isRegularFile(candidate)) {
                replaced.put(file, Files.readString(candidate, StandardCharsets.ISO_8859_1));
            }
        }
        return new ExtractionConfig(Map.copyOf(replaced), Optional.of(dir), overrides);
    }

    /** Adds overrides; later ones win. */
    public ExtractionConfig withOverrides(ConfigOverrides more) {
        return new ExtractionConfig(files, configDir, overrides.then(more));
    }

    public ConfigOverrides overrides() {
        return overrides;
    }

    /** The text of one configuration file as it will be written. */
    public String text(ConfigFile file) {
        return files.get(file);
    }

    /**
     * The effective value of a key for a tool's configuration file: the override when there is one,
     * else the file's value, else empty (the tool's built-in default applies).
     */
    public Optional<String> effectiveValue(ConfigFile file, String key) {
        Map<String, String> scoped = switch (file) {
            case SEX_PASS1 -> overrides.pass1();
            case SEX_PASS2 -> overrides.pass2();
            case PSFEX -> overrides.psfex();
            default -> throw new IllegalArgumentException(file + " is not a key/value configuration");
        };
        if (scoped.containsKey(key)) {
            return Optional.of(scoped.get(key));
        }
        return Optional.ofNullable(keyValues(text(file)).get(key));
    }

    /** Parses a SExtractor/PSFEx configuration text: KEY value, '#' comments. */
    static Map<String, String> keyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] parts = content.split("\\s+", 2);
            values.put(parts[0], parts.length > 1 ? parts[1].trim() : "");
        }
        return values;
    }

    /** Writes every configuration file into the scratch directory the tools run in. */
    public void writeTo(Path scratch) throws IOException {
        for (ConfigFile file : ConfigFile.values()) {
            Files.writeString(scratch.resolve(file.fileName()), files.get(file), StandardCharsets.ISO_8859_1);
        }
    }

    /** SPEC §5.1 pass 1: {@code <image> -c sex_pass1.sex -CATALOG_NAME ArtefactFile.PASS1_CATALOGUE -CATALOG_TYPE FITS_LDAC -PSF_NAME ""}. */
    public List<String> pass1Arguments(Path image) {
        List<String> args = new ArrayList<>(List.of(image.toAbsolutePath().toString(),
                "-c", ConfigFile.SEX_PASS1.fileName(), "-CATALOG_NAME", ArtefactFile.PASS1_CATALOGUE.fileName(),
                "-CATALOG_TYPE", "FITS_LDAC", "-PSF_NAME", ""));
        args.addAll(ConfigOverrides.arguments(overrides.pass1()));
        return args;
    }

    /** SPEC §5.1 PSFEx: {@code ArtefactFile.PASS1_CATALOGUE -c psfex.conf}. */
    public List<String> psfexArguments() {
        List<String> args = new ArrayList<>(List.of(ArtefactFile.PASS1_CATALOGUE.fileName(), "-c", ConfigFile.PSFEX.fileName()));
        args.addAll(ConfigOverrides.arguments(overrides.psfex()));
        return args;
    }

    /**
     * The fast path's position pass (issue 10 item 1a): pass 2's command line and detection settings
     * (filter, thresholds, deblending, background: the same {@code sex_pass2.sex} and pass-2 overrides) without
     * a PSF and with position columns only, plus FLUX_AUTO (S0S's neighbour fluxes) and SNR_WIN (the corrected
     * profile's choice of stellar-locus stars). Detection, the Kron aperture and the Gaussian window do not depend on
     * the PSF, so the objects, their numbering, positions, FLUX_AUTO and SNR_WIN are pass 2's.
     */
    public List<String> positionArguments(Path image) {
        List<String> args = new ArrayList<>(List.of(image.toAbsolutePath().toString(),
                "-c", ConfigFile.SEX_PASS2.fileName(), "-CATALOG_NAME", ArtefactFile.POSITIONS_CATALOGUE.fileName(),
                "-CATALOG_TYPE", "FITS_LDAC", "-PSF_NAME", "", "-PARAMETERS_NAME", ConfigFile.PARAM_POSITIONS.fileName()));
        args.addAll(ConfigOverrides.arguments(overrides.pass2()));
        return args;
    }

    /** The measure step's parameter file text: the pass-2 parameters and {@code VECTOR_ASSOC(1)}, the survivor's number. */
    public String measureParameters() {
        String pass2 = text(ConfigFile.PARAM_PASS2);
        return (pass2.endsWith("\n") ? pass2 : pass2 + "\n") + "VECTOR_ASSOC(1)\n";
    }

    /**
     * The measure step (issue 10 item 1c): pass 2 exactly, with the PSF model at {@code psf}, restricted by
     * SExtractor's association mode to the objects of {@link #ASSOC_LIST} ({@code x y number} per line).
     * SExtractor decides the association before it measures anything, so unlisted objects cost nothing;
     * {@code VECTOR_ASSOC} carries the list's number because SExtractor renumbers its output.
     */
    public List<String> measureArguments(Path image, Path psf) {
        List<String> args = new ArrayList<>(List.of(image.toAbsolutePath().toString(),
                "-c", ConfigFile.SEX_PASS2.fileName(), "-CATALOG_NAME", ArtefactFile.PASS2_CATALOGUE.fileName(),
                "-CATALOG_TYPE", "FITS_LDAC", "-PSF_NAME", psf.toAbsolutePath().toString(), "-PARAMETERS_NAME", MEASURE_PARAMETERS));
        args.addAll(ConfigOverrides.arguments(overrides.pass2()));
        args.addAll(List.of("-ASSOC_NAME", ASSOC_LIST, "-ASSOC_PARAMS", "1,2", "-ASSOC_DATA", "3",
                "-ASSOCSELEC_TYPE", "MATCHED", "-ASSOC_TYPE", "NEAREST", "-ASSOC_RADIUS", ASSOC_RADIUS_PX));
        return args;
    }

    /** SPEC §5.1 pass 2: {@code <image> -c sex_pass2.sex -CATALOG_NAME ArtefactFile.PASS2_CATALOGUE -CATALOG_TYPE FITS_LDAC -PSF_NAME ArtefactFile.PSF_MODEL}. */
    public List<String> pass2Arguments(Path image) {
        return pass2Arguments(image, Path.of(ArtefactFile.PSF_MODEL.fileName()));
    }

    /** Pass 2 with the PSF model at {@code psf} (the measure step's fallback reads it from the extract area). */
    public List<String> pass2Arguments(Path image, Path psf) {
        List<String> args = new ArrayList<>(List.of(image.toAbsolutePath().toString(),
                "-c", ConfigFile.SEX_PASS2.fileName(), "-CATALOG_NAME", ArtefactFile.PASS2_CATALOGUE.fileName(),
                "-CATALOG_TYPE", "FITS_LDAC", "-PSF_NAME", psf.toString()));
        args.addAll(ConfigOverrides.arguments(overrides.pass2()));
        return args;
    }
}
