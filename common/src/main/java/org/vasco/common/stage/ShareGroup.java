package org.vasco.common.stage;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.KafkaConnection;

/**
 * A worker's view of its share group through the admin API: it sets where a new group starts
 * ({@code share.auto.offset.reset}) before the group's first member joins, and tells when this worker's slots take part
 * (every slot a member with partitions, every partition of the topic with an initialised share-partition start
 * offset, so a task produced from then on is delivered). Owns an admin client; thread-safe; close it with the loop.
 */
final class ShareGroup implements AutoCloseable {

    /** The group configuration that says where a share group with no state yet starts reading. */
    static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    private static final Logger LOG = LoggerFactory.getLogger(ShareGroup.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final String groupId;
    private final String topic;
    private final Admin admin;
    private volatile boolean joined;

    ShareGroup(KafkaConnection kafka, String groupId, String topic) {
        this.groupId = groupId;
        this.topic = topic;
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("client.id", "vasco-share-group-" + topic);
        this.admin = Admin.create(props);
    }

    /**
     * Sets the group's {@code share.auto.offset.reset} ({@code earliest} or {@code latest}). Idempotent; a broker that
     * refuses (no ALTER_CONFIGS right on the group) is logged and the group keeps what the broker configures, so an
     * operator may set it instead (docs/operations.md).
     */
    void startFrom(String offsetReset) {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
        AlterConfigOp set = new AlterConfigOp(new ConfigEntry(AUTO_OFFSET_RESET, offsetReset), AlterConfigOp.OpType.SET);
        try {
            admin.incrementalAlterConfigs(Map.of(group, List.of(set))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("Could not set {}={} on share group {} ({}); the group starts where the broker's default says",
                    AUTO_OFFSET_RESET, offsetReset, groupId, e.getCause() == null ? e.toString() : e.getCause().toString());
        }
    }

    /**
     * True once every one of {@code clientIds} is a member of the group with partitions of the topic, and every partition
     * of the topic has its share-partition state initialised. Asks the broker until it is true, then remembers it.
     */
    boolean joinedBy(Collection<String> clientIds) {
        if (joined) {
            return true;
        }
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            ShareGroupDescription group = admin.describeShareGroups(List.of(groupId)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(groupId);
            Set<String> assigned = new java.util.HashSet<>();
            for (ShareMemberDescription m : group.members()) {
                if (m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(topic))) {
                    assigned.add(m.clientId());
                }
            }
            if (!assigned.containsAll(clientIds)) {
                return false;
            }
            long initialised = admin.listShareGroupOffsets(Map.of(groupId, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(groupId)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).keySet().stream().filter(tp -> tp.topic().equals(topic)).count();
            joined = initialised >= partitions;
            return joined;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false; // not there yet (no such group yet, the coordinator loading): asked again next time
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
