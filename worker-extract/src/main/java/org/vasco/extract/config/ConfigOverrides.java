package org.vasco.extract.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Overrides of configuration keys, applied on the tools' command lines ({@code -KEY value}) after
 * the bundled files, so the files stay value for value the reference's. One scheme everywhere:
 * <ul>
 *   <li>{@code KEY=VALUE} — a SExtractor key in both passes (e.g. {@code BACK_SIZE=16});</li>
 *   <li>{@code pass1:KEY=VALUE}, {@code pass2:KEY=VALUE} — one pass only;</li>
 *   <li>{@code psfex:KEY=VALUE} — a PSFEx key (e.g. {@code psfex:SAMPLE_MINSN=10}).</li>
 * </ul>
 * The CLI takes each as a {@code --set} option; the worker reads them from {@code VASCO_EXTRACT_SET},
 * separated by semicolons. Keys the pipeline itself controls (output names, the PSF file, the catalogue
 * type) cannot be overridden. Immutable.
 */
public record ConfigOverrides(Map<String, String> pass1, Map<String, String> pass2, Map<String, String> psfex) {

    /** Keys whose values tie the three tools together; overriding them would break the chain. */
    public static final Set<String> RESERVED = Set.of("CATALOG_NAME", "CATALOG_TYPE", "PSF_NAME", "PARAMETERS_NAME",
            "PSF_DIR", "PSF_SUFFIX", "VERBOSE_TYPE", "ASSOC_NAME", "ASSOC_PARAMS", "ASSOC_DATA", "ASSOC_RADIUS", "ASSOC_TYPE",
            "ASSOCSELEC_TYPE", "ASSOCCOORD_TYPE");

    private static final Pattern KEY = Pattern.compile("^[A-Z][A-Z0-9_]*$");

    public ConfigOverrides {
        pass1 = Map.copyOf(pass1);
        pass2 = Map.copyOf(pass2);
        psfex = Map.copyOf(psfex);
    }

    public static ConfigOverrides none() {
        return new ConfigOverrides(Map.of(), Map.of(), Map.of());
    }

    /** Parses a semicolon-separated list of overrides (blank: none). */
    public static ConfigOverrides parse(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(";")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return of(items);
    }

    /**
     * Builds overrides from {@code [scope:]KEY=VALUE} items.
     *
     * @throws IllegalArgumentException naming the item when it is malformed or names a reserved key
     */
    public static ConfigOverrides of(List<String> items) {
        Map<String, String> p1 = new LinkedHashMap<>();
        Map<String, String> p2 = new LinkedHashMap<>();
        Map<String, String> ps = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Override '" + item + "' is not KEY=VALUE (e.g. BACK_SIZE=16 or psfex:SAMPLE_MINSN=10)");
            }
            String target = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            String scope = "";
            int colon = target.indexOf(':');
            if (colon >= 0) {
                scope = target.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                target = target.substring(colon + 1).trim();
            }
            String key = target.toUpperCase(Locale.ROOT);
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("Override '" + item + "': '" + target + "' is not a configuration key name");
            }
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("Override '" + item + "': " + key
                        + " is set by the pipeline itself and cannot be overridden (reserved: " + RESERVED + ")");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("Override '" + item + "' has an empty value");
            }
            switch (scope) {
                case "" -> {
                    p1.put(key, value);
                    p2.put(key, value);
                }
                case "pass1" -> p1.put(key, value);
                case "pass2" -> p2.put(key, value);
                case "psfex" -> ps.put(key, value);
                default -> throw new IllegalArgumentException("Override '" + item + "': unknown scope '" + scope
                        + "', expected pass1, pass2 or psfex");
            }
        }
        return new ConfigOverrides(p1, p2, ps);
    }

    /** Combines two sets of overrides; {@code later} wins for keys set in both. */
    public ConfigOverrides then(ConfigOverrides later) {
        Map<String, String> p1 = new LinkedHashMap<>(pass1);
        p1.putAll(later.pass1);
        Map<String, String> p2 = new LinkedHashMap<>(pass2);
        p2.putAll(later.pass2);
        Map<String, String> ps = new LinkedHashMap<>(psfex);
        ps.putAll(later.psfex);
        return new ConfigOverrides(p1, p2, ps);
    }

    /** Command-line arguments {@code -KEY value …} in key order (so runs are reproducible). */
    static List<String> arguments(Map<String, String> keys) {
        List<String> args = new ArrayList<>();
        keys.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            args.add("-" + e.getKey());
            args.add(e.getValue());
        });
        return args;
    }
}
