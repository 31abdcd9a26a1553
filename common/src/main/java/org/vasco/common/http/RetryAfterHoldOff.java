package org.vasco.common.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The moment before which no request may leave for a service, because the service asked for a pause: a 429 or 503
 * with {@code Retry-After}. One per service name in the process, like the service's rate limit, so the pause holds for
 * every thread, not only for the request that was told: a download worker runs several slots, and the others would
 * otherwise go on asking an archive that said to wait (STScI throttles per client address). Thread-safe.
 */
final class RetryAfterHoldOff {

    private static final ConcurrentMap<String, RetryAfterHoldOff> BY_SERVICE = new ConcurrentHashMap<>();

    /** {@link System#nanoTime()} before which nothing is sent; in the past when no pause is asked. */
    private final AtomicLong notBefore = new AtomicLong(System.nanoTime());

    static RetryAfterHoldOff of(String service) {
        return BY_SERVICE.computeIfAbsent(service, name -> new RetryAfterHoldOff());
    }

    /** Holds every request for {@code pause} from now, unless a longer pause is already in force. */
    void pauseFor(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        notBefore.accumulateAndGet(until, (current, proposed) -> current - proposed >= 0 ? current : proposed);
    }

    /** Waits until the pause in force, if any, is over. */
    void awaitTurn() throws InterruptedException {
        while (true) {
            long wait = notBefore.get() - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
