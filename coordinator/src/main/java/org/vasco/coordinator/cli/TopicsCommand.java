package org.vasco.coordinator.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.service.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vasco topics …}: the pipeline's Kafka topics (run as a Kubernetes Job before the services). */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "The pipeline's Kafka topics.",
        subcommands = TopicsCommand.Create.class)
public final class TopicsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code vasco topics create}: creates the missing step topics and the dead-letter topic with
     * {@code VASCO_TOPIC_PARTITIONS} and {@code VASCO_TOPIC_REPLICATION}; existing topics are left as they are.
     */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create the missing pipeline topics (VASCO_TOPIC_PARTITIONS, VASCO_TOPIC_REPLICATION); existing ones are kept.")
    public static final class Create extends ClusterCommand {

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected int execute() throws NoClusterException {
            Environment env = context.cluster().locate();
            try (Admin admin = Admin.create(new HashMap<>(KafkaConnection.from(env).clientProperties()))) {
                List<String> created = TopicSetup.ensure(admin, env.get(ClusterSettings.TOPIC_PARTITIONS),
                        env.get(ClusterSettings.TOPIC_REPLICATION));
                out().printf("Topics %s present; created now: %s%n", TopicSetup.pipelineTopics(), created);
                admin.close(Duration.ofSeconds(5));
            }
            return ExitCodes.OK;
        }
    }
}
