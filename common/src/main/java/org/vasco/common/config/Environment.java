package org.vasco.common.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The source of configuration: the process environment, or an explicit map in tests and in the local
 * distribution. Immutable; {@link #with} returns a copy.
 */
public final class Environment {

    private final Map<String, String> variables;

    private Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    public Environment with(String name, String value) {
        Map<String, String> copy = new HashMap<>(variables);
        copy.put(name, value);
        return new Environment(copy);
    }

    public Environment withAll(Map<String, String> more) {
        Map<String, String> copy = new HashMap<>(variables);
        copy.putAll(more);
        return new Environment(copy);
    }

    public Map<String, String> asMap() {
        return variables;
    }

    /** The setting's value, or its default. */
    public <T> T get(Setting<T> setting) {
        String text = variables.get(setting.name());
        if (text == null || text.isBlank()) {
            text = setting.defaultValue();
        }
        if (text == null) {
            throw new ConfigurationException(setting.name() + " is required but not set: " + setting.doc());
        }
        return parse(setting, text);
    }

    /** The setting's value when set or defaulted, empty otherwise. */
    public <T> Optional<T> find(Setting<T> setting) {
        String text = variables.get(setting.name());
        if (text == null || text.isBlank()) {
            text = setting.defaultValue();
        }
        return text == null ? Optional.empty() : Optional.of(parse(setting, text));
    }

    /** True when the variable itself is set (not merely defaulted). */
    public boolean isSet(Setting<?> setting) {
        String text = variables.get(setting.name());
        return text != null && !text.isBlank();
    }

    private static <T> T parse(Setting<T> setting, String text) {
        try {
            return setting.parser().apply(text);
        } catch (RuntimeException e) {
            throw new ConfigurationException(setting.name() + "='" + text + "' is invalid: " + e.getMessage()
                    + " (" + setting.doc() + ")", e);
        }
    }
}
