package org.vasco.xmatch.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;

/**
 * How the xmatch worker fetches the neighbourhoods of queued tiles ahead of their xmatch step
 * ({@link NeighbourhoodPrefetcher}).
 *
 * @param mode         auto (on when a catalogue comes from a mirror), on or off
 * @param threads      neighbourhoods fetched at once
 * @param interval     pause between rounds when there was nothing to fetch
 * @param tilesPerRound tiles looked at per round, oldest queued first
 * @param failureWait  how long a neighbourhood that failed is left alone
 */
public record PrefetchSettings(Mode mode, int threads, Duration interval, int tilesPerRound, Duration failureWait) {

    /** When the prefetcher runs. */
    public enum Mode { AUTO, ON, OFF }

    public static final Setting<String> PREFETCH = Setting.string("VASCO_CATALOG_PREFETCH", "auto",
            "Fetch the neighbourhoods of tiles whose extract step is queued or running: auto (when a catalogue comes from a mirror), on, off");
    public static final Setting<Integer> THREADS = Setting.integer("VASCO_CATALOG_PREFETCH_THREADS", 2,
            "Neighbourhoods the xmatch worker prefetches at once");
    public static final Setting<Duration> INTERVAL = Setting.duration("VASCO_CATALOG_PREFETCH_INTERVAL", "5s",
            "Pause of the prefetcher when no queued tile lacks a neighbourhood");
    public static final Setting<Integer> TILES = Setting.integer("VASCO_CATALOG_PREFETCH_TILES", 20,
            "Queued tiles the prefetcher looks at per round, oldest first");
    public static final Setting<Duration> FAILURE_WAIT = Setting.duration("VASCO_CATALOG_PREFETCH_FAILURE_WAIT", "10m",
            "How long the prefetcher leaves a neighbourhood alone after its fetch failed (the step itself still tries)");

    public PrefetchSettings {
        if (threads < 1 || tilesPerRound < 1) {
            throw new IllegalArgumentException("prefetch threads and tiles per round must be positive");
        }
    }

    public static PrefetchSettings from(Environment env) {
        String mode = env.get(PREFETCH).trim().toUpperCase(Locale.ROOT);
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PREFETCH.name() + "=" + env.get(PREFETCH) + ": expected auto, on or off");
        }
        return new PrefetchSettings(parsed, env.get(THREADS), env.get(INTERVAL), env.get(TILES), env.get(FAILURE_WAIT));
    }

    /** Whether to run, given whether any catalogue comes from a mirror. */
    public boolean enabled(boolean anyMirror) {
        return mode == Mode.ON || mode == Mode.AUTO && anyMirror;
    }

    public static List<Setting<?>> all() {
        return List.of(PREFETCH, THREADS, INTERVAL, TILES, FAILURE_WAIT);
    }
}
