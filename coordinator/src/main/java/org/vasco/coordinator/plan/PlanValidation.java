package org.vasco.coordinator.plan;

import java.util.List;

/**
 * The outcome of validating a plan file.
 *
 * @param rows       data rows read (the header not counted)
 * @param violations every failed check, in file order
 */
public record PlanValidation(int rows, List<PlanViolation> violations) {

    public PlanValidation {
        violations = List.copyOf(violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }
}
