package org.vasco.coordinator.cli;

import org.vasco.common.task.ScienceProfile;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --profile reference|corrected}, the science of a new run (docs/science.md), for every command that creates a
 * run ({@code vasco submit}, {@code demo}, {@code run}) or does the science itself ({@code vasco process}). A picocli
 * mixin ({@code @Mixin ScienceProfileOption profile}); a bad value is a usage error naming the choices.
 */
public final class ScienceProfileOption {

    @Option(names = "--profile", paramLabel = "reference|corrected", defaultValue = "reference",
            converter = ScienceProfileOption.Converter.class,
            description = "The run's science after the catalogue veto: reference (exactly the reference pipeline's gates)"
                    + " or corrected (each candidate judged against its own tile's catalogued stars; docs/science.md)."
                    + " Default: ${DEFAULT-VALUE}.")
    ScienceProfile profile;

    /** The profile given, or {@link ScienceProfile#DEFAULT}. */
    public ScienceProfile profile() {
        return profile == null ? ScienceProfile.DEFAULT : profile;
    }

    /** Reads the option's value; a bad one is a usage error naming the choices. */
    public static final class Converter implements ITypeConverter<ScienceProfile> {
        @Override
        public ScienceProfile convert(String value) {
            try {
                return ScienceProfile.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
