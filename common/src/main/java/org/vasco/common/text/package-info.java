/**
 * Untrusted text made safe for logs, error columns, dead letters and messages
 * ({@link org.vasco.common.text.UntrustedText}): printable, on one line, bounded. Depends on nothing.
 */
package org.vasco.common.text;
