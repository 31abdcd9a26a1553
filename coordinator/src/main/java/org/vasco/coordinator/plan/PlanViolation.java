package org.vasco.coordinator.plan;

/**
 * One failed check of a plan file.
 *
 * @param row    1-based line number in the file (the header is line 1)
 * @param rule   the check that failed
 * @param detail what was found and what was expected
 */
public record PlanViolation(int row, PlanRule rule, String detail) {

    @Override
    public String toString() {
        return "row " + row + ": " + rule + ": " + detail;
    }
}
