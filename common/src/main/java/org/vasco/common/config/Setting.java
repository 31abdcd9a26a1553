package org.vasco.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its {@code VASCO_…} environment name, type, default and documentation.
 * Settings are declared once as constants (see {@link ClusterSettings}) and read through
 * {@link Environment}; docs/configuration.md and the deployment checks are generated from them.
 *
 * @param name         environment variable name, always starting with {@code VASCO_}
 * @param defaultValue the default as text, or {@code null} when the setting has no default (optional)
 * @param doc          one sentence for operators
 * @param parser       turns the text into the typed value; throws {@link IllegalArgumentException} on bad input
 */
public record Setting<T>(String name, String defaultValue, String doc, Function<String, T> parser) {

    public Setting {
        Objects.requireNonNull(name, "name");
        if (!name.startsWith("VASCO_")) {
            throw new IllegalArgumentException("Setting names start with VASCO_: " + name);
        }
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parser, "parser");
    }

    public static Setting<String> string(String name, String defaultValue, String doc) {
        return new Setting<>(name, defaultValue, doc, Function.identity());
    }

    public static Setting<Integer> integer(String name, int defaultValue, String doc) {
        return new Setting<>(name, Integer.toString(defaultValue), doc, Integer::valueOf);
    }

    public static Setting<Double> decimal(String name, double defaultValue, String doc) {
        return new Setting<>(name, Double.toString(defaultValue), doc, Double::valueOf);
    }

    public static Setting<Boolean> flag(String name, boolean defaultValue, String doc) {
        return new Setting<>(name, Boolean.toString(defaultValue), doc, Setting::parseFlag);
    }

    public static Setting<Path> path(String name, String defaultValue, String doc) {
        return new Setting<>(name, defaultValue, doc, Path::of);
    }

    /** A duration given as ISO-8601 ({@code PT30S}) or as a number with a unit suffix: ms, s, m, h. */
    public static Setting<Duration> duration(String name, String defaultValue, String doc) {
        return new Setting<>(name, defaultValue, doc, Setting::parseDuration);
    }

    static boolean parseFlag(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("expected true/false, found '" + text + "'");
        };
    }

    /**
     * A duration as every setting reads one: ISO-8601 ({@code PT30S}) or a number with a unit suffix, ms, s, m or h (also
     * for command options that take a duration in the same words, e.g. {@code vasco bench soak --kill-every 30s}).
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("expected a duration such as 30s, 500ms, 5m or PT30S, found '" + text + "'");
        };
    }
}
