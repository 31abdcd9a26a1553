package org.vasco.coordinator.cli;

/** The exit codes of the {@code vasco} command. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** The command ran and found problems (e.g. plan violations), or a service failed. */
    public static final int FAILED = 1;
    /** Bad arguments: unknown plate, tile, run or step, invalid name, no cluster. Nothing was changed. */
    public static final int BAD_REQUEST = 2;

    private ExitCodes() {
    }
}
