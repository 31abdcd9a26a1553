package org.vasco.common.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;

/**
 * Where a service's HTTP port listens (docs/security.md): loopback unless VASCO_HTTP_BIND says otherwise, so a
 * service started by hand on a laptop does not serve its API to the network; a pod sets 0.0.0.0.
 */
class EndpointBindingTest {

    @Test
    void theDefaultIsLoopbackAndTheSettingDecides() throws IOException {
        assertThat(Environment.of(Map.of()).get(ClusterSettings.HTTP_BIND)).isEqualTo("127.0.0.1");
        try (ServiceEndpoint local = ServiceEndpoint.start(Environment.of(Map.of()).get(ClusterSettings.HTTP_BIND), 0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of())) {
            assertThat(reachable(InetAddress.getLoopbackAddress(), local.port())).isTrue();
            InetAddress external = externalAddress();
            if (external != null) {
                assertThat(reachable(external, local.port())).as("reachable on " + external).isFalse();
            }
        }
        try (ServiceEndpoint everywhere = ServiceEndpoint.start("0.0.0.0", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                List.of())) {
            assertThat(reachable(InetAddress.getLoopbackAddress(), everywhere.port())).isTrue();
        }
        assertThatThrownBy(() -> ServiceEndpoint.start("203.0.113.7", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                List.of())).isInstanceOf(IOException.class).hasMessageContaining("VASCO_HTTP_BIND");
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A non-loopback address of this host, or null when it has none (then only loopback is checked). */
    private static InetAddress externalAddress() throws IOException {
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a;
                    }
                }
            }
        }
        return null;
    }
}
