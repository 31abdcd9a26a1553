package org.vasco.xmatch.mirror;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;

/**
 * Where each catalogue's neighbourhoods come from, and how mirrors are read. {@code vizier} (the default) keeps
 * the remote service of today (VizieR for Gaia, PS1 and USNO-B; MAST for the bright-star list); anything else is a
 * mirror location ({@link MirrorLocation}). The bright-star list can come from a PS1 mirror built from bulk files
 * or HATS (it needs the stars with two detections, which VizieR's II/389 lacks).
 *
 * @param sources        the mirror of each catalogue that has one; the others use the remote service
 * @param s3Endpoint     the S3 endpoint (path-style requests; anonymous)
 * @param s3Timeout      timeout of one S3 request
 * @param cacheDirectory where files fetched from an object store are kept
 * @param cacheBytes     the most those files may take; the least recently used go first
 * @param engineMemory   DuckDB's memory limit per process (e.g. 256MB), outside the Java heap
 */
public record MirrorSettings(Map<Catalogue, MirrorLocation> sources, URI s3Endpoint, Duration s3Timeout, Path cacheDirectory,
                             long cacheBytes, String engineMemory) {

    /** The value that keeps a catalogue on its remote service. */
    public static final String REMOTE = "vizier";

    public static final Setting<String> GAIA_SOURCE = Setting.string("VASCO_GAIA_SOURCE", REMOTE,
            "Gaia DR3 neighbourhoods: vizier, or a mirror (a directory or s3://bucket/prefix, level-5 or HATS layout)");
    public static final Setting<String> PS1_SOURCE = Setting.string("VASCO_PS1_SOURCE", REMOTE,
            "PS1 DR2 neighbourhoods: vizier, or a mirror (a directory or s3://bucket/prefix, level-5 or HATS layout)");
    public static final Setting<String> USNOB_SOURCE = Setting.string("VASCO_USNOB_SOURCE", REMOTE,
            "USNO-B1.0 neighbourhoods: vizier, or a mirror (a directory or s3://bucket/prefix, level-5 or HATS layout)");
    public static final Setting<String> PS1BRIGHT_SOURCE = Setting.string("VASCO_PS1BRIGHT_SOURCE", REMOTE,
            "PS1 bright-star list of the spike cut: vizier (meaning the MAST API), or a PS1 mirror built from bulk files or HATS");
    public static final Setting<String> S3_ENDPOINT = Setting.string("VASCO_CATALOG_S3_ENDPOINT", "https://s3.amazonaws.com",
            "S3-compatible endpoint for s3:// mirrors (path-style, anonymous requests)");
    public static final Setting<Duration> S3_TIMEOUT = Setting.duration("VASCO_CATALOG_S3_TIMEOUT", "120s",
            "Timeout of one object-store request of a mirror");
    public static final Setting<Path> CACHE = Setting.path("VASCO_CATALOG_MIRROR_CACHE",
            Path.of(System.getProperty("java.io.tmpdir"), "vasco-mirror-cache").toString(),
            "Local directory for mirror files fetched from an object store");
    public static final Setting<Integer> CACHE_GB = Setting.integer("VASCO_CATALOG_MIRROR_CACHE_GB", 20,
            "Most disk the fetched mirror files may take, GB; the least recently used are deleted first");
    public static final Setting<String> ENGINE_MEMORY = Setting.string("VASCO_CATALOG_MIRROR_MEMORY", "256MB",
            "Memory limit of the embedded Parquet engine (DuckDB) per process");

    public MirrorSettings {
        sources = Map.copyOf(sources);
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("the mirror cache size must not be negative");
        }
    }

    /** The settings of the environment. */
    public static MirrorSettings from(Environment env) {
        Map<Catalogue, MirrorLocation> sources = new EnumMap<>(Catalogue.class);
        for (Catalogue c : Catalogue.values()) {
            Setting<String> setting = sourceSetting(c);
            String value = env.get(setting).trim();
            if (!value.toLowerCase(Locale.ROOT).equals(REMOTE)) {
                try {
                    sources.put(c, MirrorLocation.parse(value));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(setting.name() + "=" + value + ": " + e.getMessage()
                            + " (or " + REMOTE + " for the remote service)");
                }
            }
        }
        URI endpoint;
        try {
            endpoint = URI.create(env.get(S3_ENDPOINT).trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(S3_ENDPOINT.name() + " is not a URI: " + e.getMessage());
        }
        return new MirrorSettings(sources, endpoint, env.get(S3_TIMEOUT), env.get(CACHE), env.get(CACHE_GB) * (1L << 30),
                env.get(ENGINE_MEMORY));
    }

    /** Only remote services, no mirrors (the defaults). */
    public static MirrorSettings remoteOnly() {
        return from(Environment.of(Map.of()));
    }

    /** The mirror of a catalogue, if one is configured. */
    public Optional<MirrorLocation> mirror(Catalogue catalogue) {
        return Optional.ofNullable(sources.get(catalogue));
    }

    /** A copy with {@code catalogue} read from {@code location}. */
    public MirrorSettings withMirror(Catalogue catalogue, MirrorLocation location) {
        Map<Catalogue, MirrorLocation> copy = new EnumMap<>(Catalogue.class);
        copy.putAll(sources);
        copy.put(catalogue, location);
        return new MirrorSettings(copy, s3Endpoint, s3Timeout, cacheDirectory, cacheBytes, engineMemory);
    }

    public boolean anyMirror() {
        return !sources.isEmpty();
    }

    /** The setting that chooses a catalogue's source. */
    public static Setting<String> sourceSetting(Catalogue catalogue) {
        return switch (catalogue) {
            case GAIA -> GAIA_SOURCE;
            case PS1 -> PS1_SOURCE;
            case USNOB -> USNOB_SOURCE;
            case PS1_BRIGHT -> PS1BRIGHT_SOURCE;
        };
    }

    public static List<Setting<?>> all() {
        return List.of(GAIA_SOURCE, PS1_SOURCE, USNOB_SOURCE, PS1BRIGHT_SOURCE, S3_ENDPOINT, S3_TIMEOUT, CACHE, CACHE_GB,
                ENGINE_MEMORY);
    }
}
