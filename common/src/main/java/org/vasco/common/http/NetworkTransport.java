package org.vasco.common.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Attempts over the network with the JDK client: the whole reply within the service's timeout, its size bounded. */
final class NetworkTransport implements ArchiveTransport {

    private final ArchiveService service;
    private final String userAgent;
    private final long maxBodyBytes;
    private final HttpClient http;

    NetworkTransport(ArchiveService service, String userAgent, long maxBodyBytes) {
        this.service = service;
        this.userAgent = userAgent;
        this.maxBodyBytes = maxBodyBytes;
        this.http = HttpClient.newBuilder()
                .connectTimeout(service.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public RawReply exchange(ArchiveRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(service.timeout())
                .header("User-Agent", userAgent)
                .header("Accept-Encoding", "gzip");
        if ("POST".equals(request.method())) {
            builder.header("Content-Type", request.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } else {
            builder.GET();
        }
        HttpResponse<byte[]> response = sendWithDeadline(builder.build());
        return new RawReply(response.statusCode(), response.headers().map(), response.body());
    }

    /**
     * Sends and reads the whole body within the service's timeout. The JDK's request timeout covers only the
     * wait for the response headers; a server that stalls mid-body would otherwise hang the step forever.
     */
    private HttpResponse<byte[]> sendWithDeadline(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, info -> new BoundedBody(
                HttpResponse.BodySubscribers.ofByteArray(), maxBodyBytes, service.name(), info.statusCode(), request.uri()));
        try {
            return future.get(service.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException(service.name() + " did not complete its reply within " + service.timeout());
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(service.name() + " request failed: " + e.getCause(), e.getCause());
        }
    }
}
