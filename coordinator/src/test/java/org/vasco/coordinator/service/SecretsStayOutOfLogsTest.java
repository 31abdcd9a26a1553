package org.vasco.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.coordinator.review.ReviewSettings;
import org.vasco.testkit.services.SharedServices;

/**
 * Credentials come only from settings and never leave the process (docs/security.md): a coordinator started with a
 * password in its JDBC URL, a database password, a Kafka JAAS configuration, a truststore password and a review
 * token, with the client libraries logging their configuration, never shows any of them in its log, on /metrics,
 * /health or in an API answer, including the refusal of a wrong token.
 */
class SecretsStayOutOfLogsTest {

    private static final String URL_PASSWORD = "url-secret-" + System.nanoTime();
    private static final String DB_PASSWORD = "db-secret-" + System.nanoTime();
    private static final String JAAS_PASSWORD = "jaas-secret-" + System.nanoTime();
    private static final String TRUSTSTORE_PASSWORD = "truststore-secret-" + System.nanoTime();
    private static final String REVIEW_TOKEN = "review-secret-" + System.nanoTime();

    /** Loggers raised so that Hikari, Flyway and the Kafka clients print their configuration. */
    private static final List<String> VERBOSE = List.of("com.zaxxer.hikari", "org.flywaydb", "org.apache.kafka.clients",
            "org.apache.kafka.common.config", "org.vasco");

    @Test
    void noSecretAppearsInTheLogOrOnAnyEndpoint() throws Exception {
        SharedServices services = SharedServices.get();
        // Embedded PostgreSQL trusts local connections, so the passwords are carried but not needed.
        Map<String, String> vars = new HashMap<>();
        String url = services.jdbc().url();
        vars.put(ClusterSettings.JDBC_URL.name(), url + (url.contains("?") ? "&" : "?") + "password=" + URL_PASSWORD
                + "&ApplicationName=vasco-secrets-test");
        vars.put(ClusterSettings.JDBC_PASSWORD.name(), DB_PASSWORD);
        vars.put(ClusterSettings.KAFKA_SASL_MECHANISM.name(), "PLAIN");
        vars.put(ClusterSettings.KAFKA_SASL_JAAS_CONFIG.name(), "org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"vasco\" password=\"" + JAAS_PASSWORD + "\";");
        vars.put(ClusterSettings.KAFKA_SSL_TRUSTSTORE_PASSWORD.name(), TRUSTSTORE_PASSWORD);
        vars.put(ReviewSettings.TOKEN.name(), REVIEW_TOKEN);
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        // the coordinator writes finalised runs' bundles into its storage: a directory of this test's, not .vasco/ in the module
        vars.put(ClusterSettings.DATA.name(), SharedServices.get().newDirectory("data").toString());
        vars.put(ClusterSettings.TOPIC_PARTITIONS.name(), "4");
        vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), "2");
        vars.put(ClusterSettings.DATA.name(), services.newDirectory("secrets-data").toString());
        Environment env = services.environment(vars);

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Map<String, Level> before = new LinkedHashMap<>();
        VERBOSE.forEach(name -> before.put(name, ((Logger) LoggerFactory.getLogger(name)).getLevel()));
        root.addAppender(log);
        List<String> answers = new ArrayList<>();
        try {
            VERBOSE.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.DEBUG));
            try (CoordinatorService coordinator = CoordinatorService.start(env, null)) {
                String base = "http://127.0.0.1:" + coordinator.httpPort();
                await().atMost(Duration.ofSeconds(30)).until(() -> get(base + "/health/ready").statusCode() == 200);
                for (String path : List.of("/metrics", "/health/live", "/health/ready", "/review", "/api/runs")) {
                    HttpResponse<String> response = get(base + path);
                    assertThat(response.statusCode()).as(path).isEqualTo(200);
                    answers.add(path + " " + response.headers().map() + " " + response.body());
                }
                HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                                base + "/api/runs/no-such-run/candidates/tile_RA1.000_DECp1.000:1/review"))
                        .header("Authorization", "Bearer " + REVIEW_TOKEN.substring(0, REVIEW_TOKEN.length() - 1))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(403);
                answers.add("refusal " + refused.headers().map() + " " + refused.body());
            }
        } finally {
            root.detachAppender(log);
            before.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        }

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : log.list) {
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        // The log did capture the configuration dumps, so the absence below means something.
        assertThat(String.join("\n", lines)).contains("Service coordinator started", "password=****",
                "sasl.jaas.config = [hidden]", "ApplicationName=vasco-secrets-test");
        for (String secret : List.of(URL_PASSWORD, DB_PASSWORD, JAAS_PASSWORD, TRUSTSTORE_PASSWORD, REVIEW_TOKEN)) {
            assertThat(lines).as("log lines holding " + secret).noneMatch(line -> line.contains(secret));
            assertThat(answers).as("HTTP answers holding " + secret).noneMatch(answer -> answer.contains(secret));
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
