/**
 * The coordinator's subcommands of the {@code vasco} command (picocli): plan, submit, status, retry,
 * coordinator, astrometry, and how a command finds the cluster it talks to. Each command validates its
 * arguments and inputs first, exits 2 with one line naming the input and the problem when they are bad,
 * and never leaves a half-written output. The top-level command is assembled in the {@code local} module.
 */
package org.vasco.coordinator.cli;
