package org.vasco.testkit.framework;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a service's readiness over HTTP, as Kubernetes would. */
final class SharedServicesProbe {

    private SharedServicesProbe() {
    }

    /** True when /health/ready answers 200; false on 503 naming the broker. */
    static boolean brokerUp(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        return !(r.statusCode() == 503 && r.body().contains("broker"));
    }
}
