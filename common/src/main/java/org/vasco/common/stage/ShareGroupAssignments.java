package org.vasco.common.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions of a topic each member of the share group that consumes it is assigned, as the broker reports them
 * (the share groups, then their descriptions), read again once a snapshot is older than {@code refresh}. Where several
 * groups consume a topic, the one with the most members serving it counts (in a cluster, one group per step).
 *
 * <p>A publisher that knows this can give every member the same share of a topic's records: the broker assigns each
 * partition to ⌈members ÷ partitions⌉ or one fewer members (64 slots over 24 partitions: 16 partitions with three, 8
 * with two), or, with fewer members than partitions, several partitions to each member, laid out as it pleases. With
 * records spread evenly over the partitions, the members of a partition shared by two had half as much work again as
 * those sharing by three (measured: 64 slots ran at 64.5 % of the ideal), and a member owning partitions alone waited
 * while another's held the run's few tiles. When the broker cannot say (no DESCRIBE on the groups, no member yet), the
 * answer is empty and the publisher spreads records over the partitions alone.
 */
final class ShareGroupAssignments {

    private static final Logger LOG = LoggerFactory.getLogger(ShareGroupAssignments.class);
    private static final long WAIT_SECONDS = 5;

    private final Supplier<Admin> admin;
    private final Duration refresh;
    private Map<String, List<List<Integer>>> byTopic = Map.of();
    private long readAt;
    private boolean everRead;
    private boolean failing;

    /** @param admin opens (or returns) the admin client, on first use */
    ShareGroupAssignments(Supplier<Admin> admin, Duration refresh) {
        this.admin = admin;
        this.refresh = refresh;
    }

    /**
     * Per member of the group consuming {@code topic} (in the order of their member ids), the partitions of the topic
     * it is assigned, ascending; members assigned none of them are left out. Empty when no group consumes the topic or
     * the broker could not tell.
     */
    synchronized List<List<Integer>> servers(String topic) {
        if (!everRead || System.nanoTime() - readAt > refresh.toNanos()) {
            byTopic = read();
            readAt = System.nanoTime();
            everRead = true;
        }
        return byTopic.getOrDefault(topic, List.of());
    }

    private Map<String, List<List<Integer>>> read() {
        try {
            List<String> groups = new ArrayList<>();
            for (GroupListing g : admin.get().listGroups(ListGroupsOptions.forShareGroups()).all()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)) {
                if (g.groupState().map(s -> s != GroupState.EMPTY && s != GroupState.DEAD).orElse(true)) {
                    groups.add(g.groupId());
                }
            }
            Map<String, List<List<Integer>>> found = groups.isEmpty() ? Map.of() : byTopic(admin.get()
                    .describeShareGroups(groups).all().get(WAIT_SECONDS, TimeUnit.SECONDS).values());
            if (failing) {
                LOG.info("The share groups' assignments can be read again");
                failing = false;
            }
            return found;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return byTopic;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            if (!failing) {
                LOG.warn("The share groups' assignments cannot be read ({}): records are spread over the partitions alone,"
                        + " which balances the members less well (needs DESCRIBE on the groups)", e.toString());
                failing = true;
            }
            return byTopic;
        }
    }

    /** For each topic, the members (of the group with the most of them) and their partitions of it. */
    static Map<String, List<List<Integer>>> byTopic(Iterable<ShareGroupDescription> groups) {
        Map<String, List<List<Integer>>> best = new HashMap<>();
        for (ShareGroupDescription group : groups) {
            Map<String, Map<String, List<Integer>>> topics = new HashMap<>();
            List<ShareMemberDescription> members = new ArrayList<>(group.members());
            members.sort(Comparator.comparing(ShareMemberDescription::consumerId));
            for (ShareMemberDescription member : members) {
                for (TopicPartition tp : member.assignment().topicPartitions()) {
                    topics.computeIfAbsent(tp.topic(), t -> new TreeMap<>())
                            .computeIfAbsent(member.consumerId(), m -> new ArrayList<>()).add(tp.partition());
                }
            }
            topics.forEach((topic, byMember) -> {
                List<List<Integer>> servers = byMember.values().stream().map(p -> p.stream().sorted().toList()).toList();
                if (servers.size() > best.getOrDefault(topic, List.of()).size()) {
                    best.put(topic, servers);
                }
            });
        }
        return Map.copyOf(best);
    }
}
