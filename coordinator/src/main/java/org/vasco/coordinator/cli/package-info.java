/**
 * The coordinator's subcommands of the {@code vasco} command (picocli): plan, submit, status, retry,
 * coordinator, astrometry, and how a command finds the cluster it talks to. Each command validates its
 * arguments and inputs first, exits 2 with one line naming the input and the problem when they are bad,
 * and never leaves a half-written output. Options that commands share, here and in the {@code local} module, are
 * declared once as picocli mixins ({@code RunModeOption}, {@code TileLimitOption}, {@code RunOption}). The
 * top-level command is assembled in the {@code local} module.
 */
package org.vasco.coordinator.cli;
