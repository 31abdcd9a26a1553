/**
 * The one-machine distribution: the {@code vasco} command with every subcommand, the registry of the
 * stages each worker runs, and {@code vasco up}, which runs a whole cluster (embedded broker and
 * PostgreSQL, coordinator, one worker per step) in one JVM with its state under {@code .vasco/}.
 */
package org.vasco.local;
