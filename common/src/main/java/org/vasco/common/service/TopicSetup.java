package org.vasco.common.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.task.Step;

/**
 * Creates the tile topics (one per {@link Step}) and the dead-letter topic when they are missing, with the
 * configured partitions and replication. Idempotent: existing topics are left exactly as they are (their
 * partition count is not changed; raising it would reshuffle keys across partitions).
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /** Every topic of the pipeline: the step topics and {@link Step#DLQ_TOPIC}. */
    public static List<String> pipelineTopics() {
        List<String> topics = new ArrayList<>();
        for (Step s : Step.values()) {
            topics.add(s.topic());
        }
        topics.add(Step.DLQ_TOPIC);
        return topics;
    }

    /**
     * Creates the missing pipeline topics.
     *
     * @return the topics that were created now
     * @throws IllegalStateException when the broker cannot be reached or refuses, naming the topics
     */
    public static List<String> ensure(Admin admin, int partitions, short replication) {
        if (partitions < 1 || replication < 1) {
            throw new IllegalArgumentException("Topics need at least 1 partition and 1 replica, found "
                    + partitions + " and " + replication + " (VASCO_TOPIC_PARTITIONS, VASCO_TOPIC_REPLICATION)");
        }
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : pipelineTopics()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replication));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another service creating it at the same time is fine; anything else is not
                    }
                }
            }
            if (!created.isEmpty()) {
                LOG.info("Created topics {} with {} partition(s), replication {}", created, partitions, replication);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the pipeline topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the pipeline topics " + pipelineTopics()
                    + " on the broker: " + (e.getCause() == null ? e : e.getCause())
                    + " (check VASCO_KAFKA_BOOTSTRAP and the broker's health)", e);
        }
    }
}
