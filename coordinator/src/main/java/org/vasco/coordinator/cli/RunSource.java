package org.vasco.coordinator.cli;

import org.vasco.common.db.Database;
import org.vasco.coordinator.bundle.RunBundle;

/**
 * Where {@code vasco report} and {@code vasco candidates} read a run from: the cluster's database, or the run's
 * bundle. Both give the same values, rendered by the same code. Close it to release the database.
 */
sealed interface RunSource extends AutoCloseable {

    /** The cluster's database (migrated). */
    record Cluster(Database database) implements RunSource {
        @Override
        public void close() {
            database.close();
        }
    }

    /** The run's bundle. */
    record Bundle(RunBundle bundle) implements RunSource {
        @Override
        public void close() {
        }
    }

    @Override
    void close();
}
