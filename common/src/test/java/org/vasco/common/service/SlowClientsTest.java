package org.vasco.common.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two clients that send half a request and then nothing hold both handler threads of a {@link ServiceEndpoint}; with
 * the deadline of {@link HttpDeadlines} the server closes them and {@code /health/live} answers again, without it the
 * endpoint stays stalled. Each case runs the endpoint in a JVM of its own, because the JDK server reads its deadlines
 * once per process.
 */
class SlowClientsTest {

    @Test
    void theDeadlineClosesStalledRequestsAndHealthAnswersAgain() throws Exception {
        try (Endpoint endpoint = Endpoint.start("1s");
             Socket first = endpoint.stalledRequest();
             Socket second = endpoint.stalledRequest()) {
            assertThat(endpoint.live(Duration.ofSeconds(20))).isEqualTo(200);
            first.setSoTimeout(10_000);
            second.setSoTimeout(10_000);
            assertThat(first.getInputStream().read()).as("the server closed the stalled connection").isEqualTo(-1);
            assertThat(second.getInputStream().read()).as("the server closed the stalled connection").isEqualTo(-1);
        }
    }

    @Test
    void withoutTheDeadlineTwoStalledRequestsStallHealth() throws Exception {
        try (Endpoint endpoint = Endpoint.start("none");
             Socket first = endpoint.stalledRequest();
             Socket second = endpoint.stalledRequest()) {
            assertThatThrownBy(() -> endpoint.live(Duration.ofSeconds(4))).isInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    void aDeadlineThatIsNotPositiveIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> HttpDeadlines.apply(Duration.ZERO)).hasMessageContaining("VASCO_HTTP_TIMEOUT");
    }

    /** Runs {@link EndpointMain} in a child JVM and talks to it. */
    private record Endpoint(Process process, int port) implements AutoCloseable {

        static Endpoint start(String deadline) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-cp");
            String surefire = System.getProperty("surefire.test.class.path");
            command.add(surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path"));
            command.add(EndpointMain.class.getName());
            command.add(deadline);
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("port=")) {
                    return new Endpoint(process, Integer.parseInt(line.substring("port=".length())));
                }
            }
            process.destroyForcibly();
            throw new IOException("the endpoint process ended without serving (exit " + process.exitValue() + ")");
        }

        Socket stalledRequest() throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return socket;
        }

        int live(Duration timeout) throws IOException, InterruptedException {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                    .timeout(timeout).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** The child: an endpoint with or without the deadline, serving until its standard input closes. */
    public static final class EndpointMain {

        public static void main(String[] args) throws IOException {
            if (!args[0].equals("none")) {
                HttpDeadlines.apply(Duration.parse("PT" + args[0]));
            }
            ServiceEndpoint endpoint = ServiceEndpoint.start(0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of());
            System.out.println("port=" + endpoint.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // serve until the parent goes
            }
            endpoint.close();
        }
    }
}
