package org.vasco.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures scraped from the cluster's /metrics endpoints. Chiefly the time the workers spent waiting on remote
 * archives (here the loopback stand-ins): the sum of {@code vasco_external_request_seconds}. Taken before and after
 * a run, the difference is the part of each step that belongs to the archive, not to the cluster.
 */
final class ScrapedMetrics {

    private static final String SUM = "vasco_external_request_seconds_sum";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ScrapedMetrics() {
    }

    /**
     * Seconds of archive requests so far, per worker step label ({@code download}, {@code extract.2}, …).
     *
     * @param httpPorts the cluster's HTTP ports by service name ({@code worker.download}, …)
     */
    static Map<String, Double> archiveSeconds(Map<String, Integer> httpPorts) throws IOException, InterruptedException {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : httpPorts.entrySet()) {
            if (!e.getKey().startsWith("worker.")) {
                continue;
            }
            double sum = 0;
            for (String line : scrape(e.getKey(), e.getValue()).split("\n")) {
                if (line.startsWith(SUM)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            seconds.put(e.getKey().substring("worker.".length()), sum);
        }
        return seconds;
    }

    /**
     * The sum, over every service of the cluster (coordinator and workers), of the samples of a counter whose line
     * starts with {@code metric} and contains {@code labelFilter} (e.g. {@code result="duplicate"}).
     */
    static double total(Map<String, Integer> httpPorts, String metric, String labelFilter) throws IOException, InterruptedException {
        double sum = 0;
        for (Map.Entry<String, Integer> e : httpPorts.entrySet()) {
            for (String line : scrape(e.getKey(), e.getValue()).split("\n")) {
                if (line.startsWith(metric) && line.contains(labelFilter)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    private static String scrape(String service, int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/metrics of " + service + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** {@code after − before} per worker, keyed by the step label (extract workers summed). */
    static Map<String, Double> byStep(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((worker, s) -> {
            String step = worker.contains(".") ? worker.substring(0, worker.indexOf('.')) : worker;
            delta.merge(step, s - before.getOrDefault(worker, 0.0), Double::sum);
        });
        return delta;
    }
}
