/**
 * A finalised run's bundle, the results that outlive the cluster: {@link org.vasco.coordinator.bundle.RunBundleWriter}
 * (writes it from the run's results, replacing the directory whole),
 * {@link org.vasco.coordinator.bundle.RunBundlePublisher} (the coordinator writes each finalised run's bundle),
 * {@link org.vasco.coordinator.bundle.RunBundle} (reads it back for {@code vasco report} and {@code vasco candidates})
 * and {@link org.vasco.coordinator.bundle.ChecksumManifest} (its {@code SHA256SUMS}).
 */
package org.vasco.coordinator.bundle;
