package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vasco.testkit.services.SharedServices;

/**
 * The Grafana files: every dashboard is valid JSON with a unique uid, every panel has queries on a declared data
 * source, the provisioning files parse, and every SQL query of the science dashboard runs on the migrated
 * schema (the PromQL metric names are checked against the running services by {@link ServicesScrapeTest}).
 */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dashboardsAreWellFormed() throws Exception {
        List<Path> files = DeployFiles.files(DeployFiles.deploy().resolve("grafana/dashboards"), ".json");
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("pipeline-overview.json", "science.json");
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            JsonNode d = JSON.readTree(file.toFile());
            assertThat(uids.add(d.path("uid").asText())).as(file + " has a unique uid").isTrue();
            assertThat(d.path("title").asText()).isNotBlank();
            Set<String> variables = new HashSet<>();
            d.at("/templating/list").forEach(v -> variables.add(v.path("name").asText()));
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : d.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as(file + " panel ids unique").isTrue();
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                String where = file.getFileName() + " / " + panel.path("title").asText();
                assertThat(panel.path("targets")).as(where + " has queries").isNotEmpty();
                String uid = panel.at("/datasource/uid").asText();
                assertThat(uid).as(where + " data source is a dashboard variable").startsWith("${");
                assertThat(variables).contains(uid.substring(2, uid.length() - 1));
                for (JsonNode t : panel.path("targets")) {
                    assertThat(t.path("expr").asText() + t.path("rawSql").asText()).as(where + " query").isNotBlank();
                }
            }
        }
        for (Path file : DeployFiles.files(DeployFiles.deploy().resolve("grafana/provisioning"), ".yaml")) {
            assertThat(DeployFiles.yamlDocuments(file).get(0).path("apiVersion").asInt()).as(file.toString()).isEqualTo(1);
        }
    }

    @Test
    void everySqlQueryRunsOnTheSchema() throws Exception {
        int queries = 0;
        try (Connection c = SharedServices.get().database().connection(); Statement st = c.createStatement()) {
            for (Path file : DeployFiles.files(DeployFiles.deploy().resolve("grafana/dashboards"), ".json")) {
                JsonNode d = JSON.readTree(file.toFile());
                List<JsonNode> sql = new java.util.ArrayList<>(d.findValues("rawSql"));
                d.at("/templating/list").forEach(v -> {
                    if (v.path("query").asText().startsWith("SELECT")) {
                        sql.add(v.path("query"));
                    }
                });
                for (JsonNode q : sql) {
                    String runnable = q.asText().replace("$run", "no-such-run")
                            .replaceAll("\\$__timeGroupAlias\\((\\w+), *\\w+\\)", "date_trunc('hour', $1) AS time")
                            .replaceAll("\\$__timeFilter\\((\\w+)\\)", "$1 > now() - interval '1 day'");
                    assertThat(runnable).as(file + ": every Grafana macro is substituted").doesNotContain("$");
                    try (ResultSet rs = st.executeQuery(runnable)) {
                        assertThat(rs.getMetaData().getColumnCount()).isPositive();
                    }
                    queries++;
                }
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(5);
    }
}
