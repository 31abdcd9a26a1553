package org.vasco.xmatch.catalog;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.vasco.common.http.ArchiveException;
import org.vasco.common.http.ArchiveService;

/**
 * Re-asks a service whose 2xx reply was malformed, with the service's attempts and exponential backoff.
 * HTTP-level failures are not retried here: {@link org.vasco.common.http.ArchiveClient} has already
 * retried those, and doing it again would multiply the attempts.
 */
final class ReplyAttempts {

    private ReplyAttempts() {
    }

    /** One request and its parse. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws MalformedReplyException, ArchiveException, InterruptedException;
    }

    static <T> T run(ArchiveService service, Attempt<T> attempt) throws MalformedReplyException, ArchiveException, InterruptedException {
        Duration backoff = service.initialBackoff().isZero() || service.initialBackoff().isNegative()
                ? Duration.ofMillis(1) : service.initialBackoff();
        Retry retry = Retry.of("reply-" + service.name(), RetryConfig.custom()
                .maxAttempts(service.maxAttempts())
                .retryExceptions(MalformedReplyException.class)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(backoff, 2.0))
                .build());
        CheckedSupplier<T> decorated = Retry.decorateCheckedSupplier(retry, attempt::run);
        try {
            return decorated.get();
        } catch (MalformedReplyException | ArchiveException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("unexpected failure asking " + service.name() + ": " + e, e);
        }
    }
}
