package org.vasco.extract.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;

/**
 * The extract worker's configuration, read once from {@code VASCO_…} variables.
 *
 * @param sextractorBinary  configured SExtractor binary (name on PATH or path); empty = search {@code source-extractor}, then {@code sex}
 * @param psfexBinary       configured PSFEx binary; empty = search {@code psfex}
 * @param timeoutBase       wall-clock allowance of every tool run, whatever the image size
 * @param timeoutPerMegapixel additional allowance per 10⁶ image pixels
 * @param configDir         directory whose files replace bundled configuration files of the same name; empty = bundled only
 * @param overrides         configuration key overrides, see {@link ConfigOverrides}
 * @param concurrency       tile steps run at once; extraction is CPU-bound and single-threaded, so one per core
 */
public record ExtractSettings(Optional<String> sextractorBinary, Optional<String> psfexBinary,
        Duration timeoutBase, Duration timeoutPerMegapixel, Optional<Path> configDir,
        ConfigOverrides overrides, int concurrency) {

    public static final Setting<String> SEX_BINARY = Setting.string("VASCO_SEX_BINARY", null,
            "SExtractor binary (name on PATH or absolute path); unset: search source-extractor, then sex");
    public static final Setting<String> PSFEX_BINARY = Setting.string("VASCO_PSFEX_BINARY", null,
            "PSFEx binary (name on PATH or absolute path); unset: search psfex");
    public static final Setting<Duration> TIMEOUT_BASE = Setting.duration("VASCO_EXTRACT_TIMEOUT_BASE", "120s",
            "Wall-clock limit of each SExtractor/PSFEx run, before the per-megapixel allowance is added");
    public static final Setting<Duration> TIMEOUT_PER_MEGAPIXEL = Setting.duration("VASCO_EXTRACT_TIMEOUT_PER_MEGAPIXEL", "900s",
            "Added to each tool's wall-clock limit per 10^6 image pixels (pass 2 costs ~0.1 s per detection)");
    public static final Setting<Path> CONFIG_DIR = Setting.path("VASCO_EXTRACT_CONFIG_DIR", null,
            "Directory whose files replace the bundled SExtractor/PSFEx configuration files of the same name");
    public static final Setting<ConfigOverrides> OVERRIDES = new Setting<>("VASCO_EXTRACT_SET", "",
            "Configuration key overrides, 'KEY=VALUE;pass1:KEY=VALUE;psfex:KEY=VALUE' (bare KEY: both SExtractor passes)",
            ConfigOverrides::parse);

    /** Reads the settings; {@code VASCO_CONCURRENCY} defaults to the number of cores for this worker. */
    public static ExtractSettings from(Environment env) {
        int concurrency = env.isSet(ClusterSettings.CONCURRENCY) ? env.get(ClusterSettings.CONCURRENCY)
                : Runtime.getRuntime().availableProcessors();
        if (concurrency < 1) {
            throw new IllegalArgumentException(ClusterSettings.CONCURRENCY.name() + " must be at least 1, found " + concurrency);
        }
        return new ExtractSettings(env.find(SEX_BINARY), env.find(PSFEX_BINARY), env.get(TIMEOUT_BASE),
                env.get(TIMEOUT_PER_MEGAPIXEL), env.find(CONFIG_DIR), env.get(OVERRIDES), concurrency);
    }

    /** The settings this module declares. */
    public static List<Setting<?>> all() {
        return List.of(SEX_BINARY, PSFEX_BINARY, TIMEOUT_BASE, TIMEOUT_PER_MEGAPIXEL, CONFIG_DIR, OVERRIDES);
    }

    /** The wall-clock limit of one tool run on an image of the given size. */
    public Duration timeoutFor(double megapixels) {
        return timeoutBase.plus(Duration.ofMillis(Math.round(timeoutPerMegapixel.toMillis() * Math.max(0, megapixels))));
    }
}
