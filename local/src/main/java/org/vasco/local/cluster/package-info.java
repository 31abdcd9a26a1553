/**
 * A whole cluster in one JVM and what it runs: {@link org.vasco.local.cluster.LocalCluster} (embedded broker and
 * PostgreSQL, the coordinator, one worker per step, state under a directory), the
 * {@link org.vasco.local.cluster.StageRegistry} of the stage each worker runs, and the loud
 * {@link org.vasco.local.cluster.StageUnavailable} for a step this build has no stage for. The commands that start a
 * cluster ({@code vasco up}, {@code demo}, {@code run}, the benches) all use it; it knows none of them.
 */
package org.vasco.local.cluster;
