package org.vasco.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.vasco.testkit.services.SharedServices;

class SharedServicesTest {

    @Test
    void brokerCarriesAMessageThroughAConsumerGroup() throws Exception {
        SharedServices services = SharedServices.get();
        Properties common = new Properties();
        common.putAll(services.kafka().clientProperties());
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic("testkit.smoke", 2, (short) 1))).all().get();
        }
        Properties producerProps = new Properties();
        producerProps.putAll(common);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("testkit.smoke", "k", "hello")).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.putAll(common);
        consumerProps.put("group.id", "testkit-smoke");
        consumerProps.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("testkit.smoke"));
            String seen = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (var r : records) {
                    seen = r.value();
                }
            }
            assertThat(seen).isEqualTo("hello");
        }
    }

    @Test
    void databaseHasTheMigratedSchema() throws Exception {
        try (Connection c = SharedServices.get().database().connection();
             ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE", "VIEW"})) {
            java.util.Set<String> tables = new java.util.HashSet<>();
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
            assertThat(tables).contains("plate", "tile", "run", "run_tile", "tile_download", "tile_summary",
                    "candidate", "candidate_flag", "stage_ledger", "stage_ledger_run", "stage_ledger_tile", "catalog_cache", "outbox");
        }
    }
}
