/**
 * JMH benchmarks (compiled with every build, run only through the testkit "bench" profile): the numbers behind
 * docs/performance.md that are measured in-process rather than by a {@code vasco bench} command.
 */
package org.vasco.testkit.bench;
