package org.vasco.local.demo;

import org.vasco.local.cluster.LocalCluster;
import org.vasco.testkit.archives.SyntheticArchives;

/** Looks at a demo while it runs (tests: make an archive misbehave, scrape the services before they stop). */
public interface DemoObserver {

    /** The loopback archives are up; nothing is submitted yet. */
    default void archivesStarted(SyntheticArchives archives) {
    }

    /** Every tile is final; the cluster still runs. */
    default void runFinished(LocalCluster cluster) {
    }
}
