package org.vasco.coordinator.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running service in the foreground until the JVM is asked to stop (Ctrl-C, SIGTERM), then
 * closes it from a shutdown hook so that it can finish or release its work gracefully.
 */
public final class Foreground {

    private static final Logger LOG = LoggerFactory.getLogger(Foreground.class);

    private Foreground() {
    }

    /** Blocks until shutdown has closed {@code service}; returns {@link ExitCodes#OK}. */
    public static int runUntilShutdown(AutoCloseable service, String name) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping {}", name);
            try {
                service.close();
                LOG.info("{} stopped", name);
            } catch (Exception e) {
                LOG.error("{} did not stop cleanly: {}", name, e.getMessage(), e);
            } finally {
                closed.countDown();
            }
        }, name + "-shutdown"));
        closed.await();
        return ExitCodes.OK;
    }
}
