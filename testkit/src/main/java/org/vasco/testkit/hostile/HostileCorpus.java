package org.vasco.testkit.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole hostile-input corpus, family by family, and its index as it appears in {@code docs/security.md}
 * (section "Hostile-input corpus"). Each family has its own test that delivers the inputs through the real entry
 * point: {@code HostileCutoutCorpusTest} (worker-download), {@code HostileCatalogueCorpusTest} (worker-xmatch),
 * {@code HostileSkybotCorpusTest} (worker-veto), {@code HostileTaskCorpusTest} (testkit framework),
 * {@code HostileSubmitCorpusTest} and {@code HostileApiPathCorpusTest} (coordinator).
 */
public final class HostileCorpus {

    /** Where each family is delivered, for the index. */
    static final Map<String, String> ENTRY_POINTS = Map.of(
            "dss", "DSS reply → loopback DSS → DssCutoutClient → download worker (HostileCutoutCorpusTest)",
            "vizier", "VizieR reply → loopback VizieR → VizierConeClient (HostileCatalogueCorpusTest)",
            "skybot", "SkyBoT reply → loopback SkyBoT → SkybotClient → SkybotStage (HostileSkybotCorpusTest)",
            "task", "Kafka message on vasco.tile.download → a running worker's stage loop (HostileTaskCorpusTest)",
            "submit-run", "vasco submit --run (HostileSubmitCorpusTest)",
            "submit-tiles", "vasco submit --tiles FILE (HostileSubmitCorpusTest)",
            "api-path", "raw GET to the coordinator's API / review routes (HostileApiPathCorpusTest)");

    private HostileCorpus() {
    }

    /** Every case of every family, in index order. */
    public static List<HostileCase<?>> all() {
        List<HostileCase<?>> cases = new ArrayList<>();
        cases.addAll(HostileCutouts.all());
        cases.addAll(HostileCatalogueReplies.all());
        cases.addAll(HostileVoTables.all());
        cases.addAll(HostileTaskMessages.all());
        cases.addAll(HostileNames.runNames());
        cases.addAll(HostileNames.tileListEntries());
        cases.addAll(HostileNames.apiPaths());
        return List.copyOf(cases);
    }

    /** The index: one table per family, each row case name → input → expected outcome. */
    public static String markdownIndex() {
        StringBuilder out = new StringBuilder();
        String family = null;
        for (HostileCase<?> c : all()) {
            if (!c.family().equals(family)) {
                family = c.family();
                out.append("\n### ").append(family).append(" — ").append(ENTRY_POINTS.get(family)).append("\n\n")
                        .append("| case | input | expected outcome |\n|---|---|---|\n");
            }
            out.append("| `").append(c.name()).append("` | ").append(cell(c.input())).append(" | ")
                    .append(cell(c.expected().describe())).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", "\\n").replace("`", "'");
    }
}
