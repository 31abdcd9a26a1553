package org.vasco.common.http;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body subscriber that stops reading once a reply passes its byte limit: the request fails with a permanent
 * {@link ArchiveException} instead of the worker filling its heap with a reply that never ends.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final HttpResponse.BodySubscriber<byte[]> delegate;
    private final long limit;
    private final String service;
    private final int status;
    private final URI uri;
    private Flow.Subscription subscription;
    private long received;
    private boolean failed;

    BoundedBody(HttpResponse.BodySubscriber<byte[]> delegate, long limit, String service, int status, URI uri) {
        this.delegate = delegate;
        this.limit = limit;
        this.service = service;
        this.status = status;
        this.uri = uri;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        delegate.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (failed) {
            return;
        }
        for (ByteBuffer item : items) {
            received += item.remaining();
        }
        if (received > limit) {
            failed = true;
            subscription.cancel();
            delegate.onError(new ArchiveException(service, status, false, service + " sent a reply body larger than "
                    + limit + " bytes from " + uri + "; refused unread", null));
            return;
        }
        delegate.onNext(items);
    }

    @Override
    public void onError(Throwable throwable) {
        if (!failed) {
            delegate.onError(throwable);
        }
    }

    @Override
    public void onComplete() {
        if (!failed) {
            delegate.onComplete();
        }
    }
}
