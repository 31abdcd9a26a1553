package org.vasco.common.service;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One condition of {@code /health/ready}: the database answers, the broker answers, the worker's binaries
 * were found. {@link #isReady()} must return within a few seconds and never throw for an unready condition.
 */
public interface ReadinessCheck {

    /** A short name shown in the 503 body when the check fails, e.g. {@code database}. */
    String name();

    boolean isReady();

    static ReadinessCheck of(String name, BooleanSupplier test) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(test, "test");
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isReady() {
                return test.getAsBoolean();
            }

            @Override
            public String toString() {
                return "ReadinessCheck[" + name + "]";
            }
        };
    }
}
