/**
 * The {@code vasco} command-line subcommands (picocli). Each command validates its arguments and
 * inputs first, exits 2 with one line naming the input and the problem when they are bad, and
 * never leaves a half-written output.
 */
package org.vasco.coordinator.cli;
