package org.vasco.coordinator.cli;

import org.vasco.coordinator.run.RunMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --mode full|fast} for every command that creates a run; a bad value is a usage error naming the choices. */
public final class RunModeConverter implements ITypeConverter<RunMode> {

    @Override
    public RunMode convert(String value) {
        try {
            return RunMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
