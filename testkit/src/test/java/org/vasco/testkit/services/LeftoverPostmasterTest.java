package org.vasco.testkit.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only a live PostgreSQL named by the data directory's {@code postmaster.pid} counts as left running: a stale file, or
 * one whose pid now belongs to another program, must never get that program stopped. (A real server left running by a
 * killed cluster is stopped in the local module's {@code ClusterKillTest}.)
 */
class LeftoverPostmasterTest {

    @TempDir
    Path dataDir;

    @Test
    void aDataDirectoryWithoutPidFileHasNone() throws Exception {
        assertThat(LeftoverPostmaster.find(dataDir)).isEmpty();
    }

    @Test
    void aPidOfAnotherProgramIsNotAPostmaster() throws Exception {
        // This JVM's own pid, as a stale postmaster.pid may name once the pid was reused.
        Files.writeString(dataDir.resolve(LeftoverPostmaster.PID_FILE), ProcessHandle.current().pid() + "\n" + dataDir + "\n");
        assertThat(LeftoverPostmaster.find(dataDir)).isEmpty();
    }

    @Test
    void anUnreadablePidFileIsIgnored() throws Exception {
        Files.writeString(dataDir.resolve(LeftoverPostmaster.PID_FILE), "not a pid\n");
        assertThat(LeftoverPostmaster.find(dataDir)).isEmpty();
    }
}
