package org.vasco.common.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeShareGroupsOptions;
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
    private static final int WAIT_MILLIS = 5_000;

    private final Supplier<Admin> admin;
    private final Duration refresh;
    private Map<String, List<List<Integer>>> byTopic = Map.of();
    private long readAt;
    private boolean everRead;
    private boolean refreshing;
    private boolean failing;

    /** @param admin opens (or returns) the admin client, on first use */
    ShareGroupAssignments(Supplier<Admin> admin, Duration refresh) {
        this.admin = admin;
        this.refresh = refresh;
    }

    /**
     * Per member of the group consuming {@code topic} (in the order of their member ids), the partitions of the topic
     * it is assigned, ascending; members assigned none of them are left out. Empty when no group consumes the topic or
     * the broker could not tell. The first call waits for the broker's answer; after that a snapshot older than
     * {@code refresh} is read again in the background while the publisher goes on with the one it has: the two admin
     * requests took 30–600 ms each during a 256-slot run, and every publisher waited for them inside its round, with its
     * records unsent.
     */
    List<List<Integer>> servers(String topic) {
        CompletableFuture<Map<String, List<List<Integer>>>> first = null;
        synchronized (this) {
            if (!everRead) {
                first = read();
            } else if (!refreshing && System.nanoTime() - readAt > refresh.toNanos()) {
                refreshing = true;
                read().whenComplete((found, failure) -> update(found));
            }
        }
        if (first != null) {
            Map<String, List<List<Integer>>> found;
            try {
                found = first.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                found = null;
            } catch (ExecutionException e) {
                found = null; // read() reports its own failures as null
            }
            update(found);
        }
        synchronized (this) {
            return byTopic.getOrDefault(topic, List.of());
        }
    }

    /** Keeps {@code found} as the snapshot; null (the broker could not tell) keeps the one there is. */
    private synchronized void update(Map<String, List<List<Integer>>> found) {
        if (found != null) {
            byTopic = found;
        }
        readAt = System.nanoTime();
        everRead = true;
        refreshing = false;
    }

    /** Asks the broker for the share groups and their members' assignments; completes with null when it cannot tell. */
    private CompletableFuture<Map<String, List<List<Integer>>>> read() {
        try {
            Admin client = admin.get();
            return client.listGroups(ListGroupsOptions.forShareGroups().timeoutMs(WAIT_MILLIS)).all().toCompletionStage()
                    .thenCompose(listings -> {
                        List<String> groups = new ArrayList<>();
                        for (GroupListing g : listings) {
                            if (g.groupState().map(s -> s != GroupState.EMPTY && s != GroupState.DEAD).orElse(true)) {
                                groups.add(g.groupId());
                            }
                        }
                        if (groups.isEmpty()) {
                            return CompletableFuture.completedFuture(Map.<String, List<List<Integer>>>of());
                        }
                        return client.describeShareGroups(groups, new DescribeShareGroupsOptions().timeoutMs(WAIT_MILLIS))
                                .all().toCompletionStage().thenApply(described -> byTopic(described.values()));
                    })
                    .toCompletableFuture()
                    .handle((found, failure) -> failure == null ? recovered(found) : failed(failure));
        } catch (RuntimeException e) {
            // A refresh that could not even start must still end, or none would ever start again.
            return CompletableFuture.completedFuture(failed(e));
        }
    }

    private synchronized Map<String, List<List<Integer>>> recovered(Map<String, List<List<Integer>>> found) {
        if (failing) {
            LOG.info("The share groups' assignments can be read again");
            failing = false;
        }
        return found;
    }

    private synchronized Map<String, List<List<Integer>>> failed(Throwable failure) {
        if (!failing) {
            LOG.warn("The share groups' assignments cannot be read ({}): records are spread over the partitions alone,"
                    + " which balances the members less well (needs DESCRIBE on the groups)",
                    (failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure)
                            .toString());
            failing = true;
        }
        return null;
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
