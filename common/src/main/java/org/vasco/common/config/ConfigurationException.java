package org.vasco.common.config;

/** A configuration value is missing or malformed; the message names the variable and the fix. */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
