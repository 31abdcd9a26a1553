package org.vasco.common.stage;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.vasco.common.config.KafkaConnection;

/**
 * Whether a share group's assignment has settled with a given number of members: all of them in the group, each holding
 * partitions at the group's target assignment epoch. While hundreds of members join, the broker reassigns in rounds,
 * and members without partitions yet take nothing; a benchmark that submits before then measures the joining. Owns an
 * admin client; close it.
 */
public final class ShareGroupSettlement implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final String groupId;

    public ShareGroupSettlement(KafkaConnection kafka, String groupId) {
        this.admin = Admin.create(new HashMap<>(kafka.clientProperties()));
        this.groupId = groupId;
    }

    /** True when the group has exactly {@code members} members, each with partitions, all at the target epoch. */
    public boolean settledWith(int members) throws InterruptedException {
        ShareGroupDescription d;
        try {
            d = admin.describeShareGroups(List.of(groupId)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(groupId);
        } catch (ExecutionException | TimeoutException e) {
            return false; // no such group yet, or the coordinator still loading: asked again
        }
        return d.members().size() == members && d.groupEpoch() == d.targetAssignmentEpoch()
                && d.members().stream().allMatch(m -> m.memberEpoch() == d.targetAssignmentEpoch()
                        && !m.assignment().topicPartitions().isEmpty());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
