package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The alerts (components/prometheus-operator/prometheus-rule.yaml) are the ones operators act on, each with a
 * severity, a summary and a runbook in docs/operations.md under its name; they read cluster-wide gauges with max().
 * That their expressions use only metrics the services emit is {@link ServicesScrapeTest}'s check.
 */
class AlertsTest {

    @Test
    void everyAlertHasASeverityASummaryAndARunbook() throws Exception {
        Path rules = DeployFiles.deploy().resolve("k8s/components/prometheus-operator/prometheus-rule.yaml");
        String guide = CapacityTest.operationsGuide();
        String runbooks = guide.substring(guide.indexOf("## Alerts and runbooks"));
        List<String> names = new ArrayList<>();
        for (JsonNode group : DeployFiles.yamlDocuments(rules).get(0).at("/spec/groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                names.add(name);
                assertThat(name).matches("Vasco[A-Z][A-Za-z]+");
                assertThat(rule.at("/labels/severity").asText()).as(name + " severity").isIn("critical", "warning");
                assertThat(rule.at("/annotations/summary").asText()).as(name + " summary").isNotBlank();
                assertThat(rule.at("/annotations/runbook_url").asText()).as(name + " runbook")
                        .isEqualTo("docs/operations.md#" + name.toLowerCase(Locale.ROOT));
                assertThat(runbooks).as("docs/operations.md has a runbook for " + name).contains("\n### " + name + "\n");
                if (rule.has("for")) {
                    assertThat(rule.path("for").asText()).as(name + " for").matches("\\d+[smh]");
                }
                DashboardsTest.readsClusterWideGaugesWithMax(name, rule.path("expr").asText());
            }
        }
        // What the operators of a survey act on: a stalled step, failing tiles, dead letters, the outbox, a dead
        // consume loop, the remote archives failing or limiting us.
        assertThat(names).containsExactlyInAnyOrder("VascoStepStalled", "VascoTilesFailing", "VascoDeadLetters", "VascoOutboxBacklog",
                "VascoConsumeLoopDead", "VascoArchiveErrors", "VascoArchiveRateLimited");
    }
}
