/**
 * The command-line options that several commands of the local distribution share, each declared once as a picocli
 * mixin with one default and one description: the VASCO home, the plate of a local run, the timeout of a run on the
 * synthetic sky. Options shared with the coordinator's commands live in {@code org.vasco.coordinator.cli}, those of
 * the synthetic sky in {@code org.vasco.testkit.sky}.
 */
package org.vasco.local.options;
