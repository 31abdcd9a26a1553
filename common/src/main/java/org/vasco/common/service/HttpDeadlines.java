package org.vasco.common.service;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request and response deadlines of the JDK's HTTP server, which by default has none: a client that sends half a
 * request line and then nothing holds a handler thread for ever, and the two threads of {@link ServiceEndpoint} are
 * stalled by two such clients, taking {@code /health} down with them (and the pod, once its liveness probe fails).
 *
 * <p>The JDK server reads its deadlines once per process, from the system properties
 * {@code sun.net.httpserver.maxReqTime} and {@code maxRspTime} (whole seconds), when the first server of the process
 * is created; after it, an idle-connection timer closes connections whose request or answer takes longer. So the
 * deadline is set here before a service creates its endpoint, a value given on the command line ({@code -D}) wins,
 * and in a process that has already served HTTP (only the local cluster's loopback stand-ins do) it comes too late.
 */
public final class HttpDeadlines {

    static final String MAX_REQUEST = "sun.net.httpserver.maxReqTime";
    static final String MAX_RESPONSE = "sun.net.httpserver.maxRspTime";

    private static final Logger LOG = LoggerFactory.getLogger(HttpDeadlines.class);

    private HttpDeadlines() {
    }

    /**
     * Sets both deadlines to {@code timeout} (rounded up to whole seconds) unless they are set already.
     *
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public static synchronized void apply(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("VASCO_HTTP_TIMEOUT must be positive, not " + timeout);
        }
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        for (String property : new String[] {MAX_REQUEST, MAX_RESPONSE}) {
            String given = System.getProperty(property);
            if (given == null) {
                System.setProperty(property, Long.toString(seconds));
            } else if (!given.equals(Long.toString(seconds))) {
                LOG.debug("{}={} was given to the JVM and stays (VASCO_HTTP_TIMEOUT would set {})", property, given, seconds);
            }
        }
    }
}
