/**
 * The coordinator's subcommands of the {@code vasco} command (picocli): plan, submit, status, retry and
 * coordinator, and how a command finds the cluster it talks to. The top-level command is assembled in the
 * {@code local} module.
 */
package org.vasco.coordinator.cli;
