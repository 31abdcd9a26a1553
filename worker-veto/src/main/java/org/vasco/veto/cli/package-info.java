/** Command-line entry points of worker-veto, registered by the {@code vasco} command (under {@code vasco catalog}). */
package org.vasco.veto.cli;
