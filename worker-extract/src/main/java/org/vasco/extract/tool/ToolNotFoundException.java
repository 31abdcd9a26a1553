package org.vasco.extract.tool;

/** A configured or default tool binary cannot be found or is not executable. The message says which setting fixes it. */
public final class ToolNotFoundException extends Exception {

    public ToolNotFoundException(String message) {
        super(message);
    }
}
