package org.vasco.coordinator.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.flywaydb.core.Flyway;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.service.TopicSetup;

/**
 * What a service needs before it starts, as the migration and topic Jobs leave it: every schema migration of
 * this build applied, the plate/tile plan loaded, and every pipeline topic created. Checks only; never changes
 * anything, so any number of pods may ask at once.
 */
final class ClusterReadiness {

    private final Environment env;
    private final Duration timeout;

    ClusterReadiness(Environment env, Duration timeout) {
        this.env = env;
        this.timeout = timeout;
    }

    /** What is still missing, in words; empty when the cluster is ready for services. */
    List<String> missing() throws InterruptedException {
        List<String> missing = new ArrayList<>();
        JdbcConnection jdbc = JdbcConnection.from(env);
        try {
            int pending = Flyway.configure().dataSource(jdbc.url(), jdbc.user(), jdbc.password())
                    .locations("classpath:db/migration").load().info().pending().length;
            if (pending > 0) {
                missing.add(pending + " schema migration(s) not applied (vasco db migrate)");
            } else if (!planLoaded(jdbc)) {
                missing.add("the plate/tile plan is not loaded (vasco db migrate)");
            }
        } catch (SQLException | RuntimeException e) {
            missing.add("database " + jdbc.redactedUrl() + " not reachable: " + JdbcConnection.redact(e.getMessage()));
        }
        Properties props = new Properties();
        props.putAll(KafkaConnection.from(env).clientProperties());
        props.put("request.timeout.ms", Long.toString(timeout.toMillis()));
        props.put("default.api.timeout.ms", Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(props)) {
            Set<String> topics = new HashSet<>(admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            List<String> absent = TopicSetup.pipelineTopics().stream().filter(t -> !topics.contains(t)).toList();
            if (!absent.isEmpty()) {
                missing.add("topics " + absent + " do not exist (vasco topics create)");
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            missing.add("broker " + KafkaConnection.from(env).bootstrap() + " not reachable: " + e.getMessage());
        }
        return missing;
    }

    private static boolean planLoaded(JdbcConnection jdbc) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM tile)")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
