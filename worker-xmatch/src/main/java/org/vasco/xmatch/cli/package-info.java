/**
 * User commands of the cross-match worker: {@code vasco xmatch}, the in-process replacement for
 * STILTS {@code tskymatch2} on CSV tables. The lead registers the commands in the {@code vasco} CLI.
 */
package org.vasco.xmatch.cli;
