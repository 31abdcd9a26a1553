/** {@code vasco bench}: benchmark commands whose output goes into docs/performance.md. */
package org.vasco.local.bench;
