/** Small numerical helpers that reproduce numpy's conventions where the reference's thresholds depend on them. */
package org.vasco.common.stats;
