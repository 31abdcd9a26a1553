package org.vasco.coordinator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vasco.common.db.Database;
import org.vasco.common.stage.OutboxPublisher;
import org.vasco.common.task.Step;
import org.vasco.coordinator.finalise.FinaliseFixture;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.testkit.services.SharedServices;
import org.vasco.testkit.services.TopicRecords;

/**
 * Two coordinators at once (a rolling update, or two replicas by mistake): each runs a finaliser, a reconciler and
 * an outbox publisher over the same database, round for round at the same moments. A run is finalised once, a lost
 * task is put back once, an outbox row is sent once.
 */
class TwoCoordinatorsTest {

    private final SharedServices services = SharedServices.get();
    private final Database database = services.database();
    private final ExecutorService both = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        both.shutdownNow();
    }

    @Test
    void aCompleteRunIsFinalisedByOneOfThem() throws Exception {
        FinaliseFixture f = new FinaliseFixture("two-fin").seedComplete();
        RunFinaliser first = new RunFinaliser(database);
        RunFinaliser second = new RunFinaliser(database);

        List<List<RunFinaliser.Finalised>> rounds = together(first::finaliseDueRuns, second::finaliseDueRuns);

        long finalisations = rounds.stream().flatMap(List::stream).filter(d -> d.runId().equals(f.runId)).count();
        assertThat(finalisations).isEqualTo(1);
        assertThat(f.query("SELECT state FROM run WHERE run_id = ?", f.runId).get(0)[0]).isEqualTo("FINALISED");
        assertThat(f.query("SELECT duplicate_of FROM candidate WHERE run_id = ? AND src_id = ?", f.runId, f.duplicate())
                .get(0)[0]).isEqualTo(f.representative());
        assertThat(together(first::finaliseDueRuns, second::finaliseDueRuns).stream().flatMap(List::stream)
                .map(RunFinaliser.Finalised::runId)).doesNotContain(f.runId);
    }

    @Test
    void aLostTaskIsPutBackByOneOfThemOnce() throws Exception {
        RunRows rows = new RunRows(database);
        String run = RunRows.newRunId("two-rec");
        rows.seed(run, Step.EXTRACT, 40, "QUEUED");
        rows.execute("UPDATE run_tile SET queued_at = now() - interval '5 minutes' WHERE run_id = ?", run);
        Reconciler first = new Reconciler(database, Duration.ofSeconds(1), Duration.ofSeconds(60), new SimpleMeterRegistry());
        Reconciler second = new Reconciler(database, Duration.ofSeconds(1), Duration.ofSeconds(60), new SimpleMeterRegistry());

        int enqueued = 0;
        for (int round = 0; round < 5; round++) {
            enqueued += together(first::reconcileOnce, second::reconcileOnce).stream().mapToInt(Integer::intValue).sum();
        }

        assertThat(enqueued).isEqualTo(40);
        assertThat(tasksPerTile(run)).hasSize(40).allSatisfy((tile, n) -> assertThat(n).as(tile).isEqualTo(1));
    }

    @Test
    void anOutboxRowIsSentByOneOfThemOnce() throws Exception {
        String topic = "vasco.test.two-" + UUID.randomUUID();
        try (Admin admin = Admin.create(new HashMap<>(services.kafka().clientProperties()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        List<String> keys = new ArrayList<>();
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (topic, msg_key, payload) VALUES (?, ?, '{}')")) {
                for (int i = 0; i < 300; i++) {
                    keys.add("row-" + i);
                    ps.setString(1, topic);
                    ps.setString(2, "row-" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });

        try (OutboxPublisher first = publisher(); OutboxPublisher second = publisher()) {
            first.start();
            second.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(topic) == 0);
        }

        assertThat(TopicRecords.keys(services.kafka(), topic)).containsExactlyInAnyOrderElementsOf(keys);
    }

    private OutboxPublisher publisher() {
        return new OutboxPublisher(database, services.kafka(), Duration.ofMillis(20), 25, Duration.ofSeconds(30),
                new SimpleMeterRegistry());
    }

    /** Runs both at the same moment and returns both results. */
    private <T> List<T> together(Callable<T> one, Callable<T> other) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> work : List.of(one, other)) {
            futures.add(both.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return work.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    private Map<String, Integer> tasksPerTile(String run) throws Exception {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT msg_key, count(*) FROM outbox WHERE run_id = ? GROUP BY msg_key")) {
                ps.setString(1, run);
                Map<String, Integer> counts = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getInt(2));
                    }
                }
                return counts;
            }
        });
    }

    private long unpublished(String topic) throws Exception {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE topic = ? AND published_at IS NULL")) {
                ps.setString(1, topic);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
