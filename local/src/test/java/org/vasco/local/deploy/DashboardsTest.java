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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * Right under load and across clusters: every PromQL query is limited to the dashboard's namespace variable, and
     * the cluster-wide gauges (the backlog the coordinator exports, the outbox backlog every publisher reports) are
     * read with max(), never summed over the pods that show them.
     */
    @Test
    void prometheusQueriesKeepToOneNamespaceAndReadClusterWideGaugesWithMax() throws Exception {
        int checked = 0;
        for (Path file : DeployFiles.files(DeployFiles.deploy().resolve("grafana/dashboards"), ".json")) {
            JsonNode d = JSON.readTree(file.toFile());
            List<JsonNode> exprs = d.findValues("expr");
            if (exprs.isEmpty()) {
                continue;
            }
            JsonNode namespace = null;
            for (JsonNode v : d.at("/templating/list")) {
                if ("namespace".equals(v.path("name").asText())) {
                    namespace = v;
                }
            }
            assertThat(namespace).as(file + " has a namespace variable").isNotNull();
            assertThat(namespace.path("type").asText()).isEqualTo("query");
            for (JsonNode e : exprs) {
                String expr = e.asText();
                for (String metric : ServicesScrapeTest.metricsIn(expr)) {
                    Matcher selector = Pattern.compile("(?<![\\w:])" + Pattern.quote(metric) + "(?![\\w:])(\\{[^}]*})?").matcher(expr);
                    while (selector.find()) {
                        assertThat(selector.group(1)).as(file.getFileName() + ": " + expr + ": " + metric + " limited to $namespace")
                                .isNotNull().contains("namespace=\"$namespace\"");
                    }
                }
                readsClusterWideGaugesWithMax(file.getFileName() + ": " + expr, expr);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(15);
    }

    /** Gauges that describe the whole cluster, shown by one pod (the backlog) or by every pod (the outbox backlog). */
    static final List<String> CLUSTER_WIDE_GAUGES = List.of("vasco_step_backlog", "vasco_outbox_backlog");

    /** Fails unless every cluster-wide gauge in {@code expr} is aggregated with max() (summing counts it per pod). */
    static void readsClusterWideGaugesWithMax(String where, String expr) {
        for (String gauge : CLUSTER_WIDE_GAUGES) {
            Matcher use = Pattern.compile("(?<![\\w:])" + gauge + "(?![\\w:])").matcher(expr);
            while (use.find()) {
                String before = expr.substring(0, use.start());
                assertThat(before).as(where + ": " + gauge + " is cluster-wide: max(), not sum()")
                        .containsPattern("max\\s*(by\\s*\\([^)]*\\)\\s*)?\\(\\s*$");
            }
        }
    }

    /** A PostgreSQL data source that verifies the server has a CA to verify it with; none skips TLS by accident. */
    @Test
    void postgresDataSourcesVerifyTheServerAgainstACa() throws Exception {
        int sources = 0;
        for (Path file : DeployFiles.files(DeployFiles.deploy().resolve("grafana/provisioning"), ".yaml")) {
            for (JsonNode ds : DeployFiles.yamlDocuments(file).get(0).path("datasources")) {
                if (!ds.path("type").asText().contains("postgres")) {
                    continue;
                }
                sources++;
                String mode = ds.at("/jsonData/sslmode").asText();
                assertThat(mode).as(file + ": sslmode").isIn("disable", "require", "verify-ca", "verify-full");
                if (mode.startsWith("verify")) {
                    boolean ca = !ds.at("/jsonData/sslRootCertFile").asText().isBlank() || !ds.at("/secureJsonData/tlsCACert").asText().isBlank();
                    assertThat(ca).as(file + ": " + mode + " needs the database's CA").isTrue();
                } else {
                    // Only the in-namespace database of the dev overlay, which never leaves its namespace.
                    assertThat(file.toString()).as(file + ": sslmode " + mode).contains("in-namespace");
                }
            }
        }
        assertThat(sources).isEqualTo(2);
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
