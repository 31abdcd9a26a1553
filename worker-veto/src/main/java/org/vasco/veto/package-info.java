/** worker-veto: the post stages applied to per-tile survivors, and their settings. */
package org.vasco.veto;
