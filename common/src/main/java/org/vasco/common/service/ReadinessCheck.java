package org.vasco.common.service;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One condition of {@code /health/ready}: the database answers, the broker answers, the worker's binaries
 * were found. {@link #isReady()} must return within a few seconds and never throw for an unready condition.
 * A {@link #isVital() vital} check fails {@code /health/live} too: it reports a state the process cannot leave
 * by itself (a dead consume loop), so the kubelet should restart it; a dependency that may come back (the
 * database, the broker) must never be vital, or an outage would restart every pod.
 */
public interface ReadinessCheck {

    /** A short name shown in the 503 body when the check fails, e.g. {@code database}. */
    String name();

    boolean isReady();

    /** True when a failure also fails liveness (a restart is the only cure). */
    default boolean isVital() {
        return false;
    }

    static ReadinessCheck of(String name, BooleanSupplier test) {
        return check(name, test, false);
    }

    /** A check that fails both readiness and liveness when {@code test} is false. */
    static ReadinessCheck vital(String name, BooleanSupplier test) {
        return check(name, test, true);
    }

    private static ReadinessCheck check(String name, BooleanSupplier test, boolean vital) {
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
            public boolean isVital() {
                return vital;
            }

            @Override
            public String toString() {
                return "ReadinessCheck[" + name + "]";
            }
        };
    }
}
