package org.vasco.coordinator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.coordinator.api.Html;
import org.vasco.coordinator.finalise.Funnel;
import org.vasco.coordinator.finalise.FunnelText;
import org.vasco.coordinator.finalise.RunCandidate;
import org.vasco.coordinator.finalise.RunResults;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.run.ProgressTimeline;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.StepCounts;

/**
 * The run report page: served by the coordinator at {@code /runs/<run>} and written into the run's bundle as
 * {@code report.html}. One self-contained HTML document: no script, its one style inline, every chart an SVG image
 * inside the page ({@code data:} URI), so it opens offline and a Content-Security-Policy allows nothing else (the
 * same policy is in a {@code <meta>} element, so it holds for the file too). Every value is HTML-escaped. The funnel
 * cells carry {@code data-key} (the field of {@code vasco report --json}'s counts) so scripts and tests can read
 * the numbers; each chart its number of data items in {@code data-points}. A run that is not finalised gets its
 * progress only. Stateless.
 */
public final class RunReportPage {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 78em; color: #222; padding: 0 1em; }
            h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; margin: 0.5em 0; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            figure.chart { display: inline-block; margin: 0.5em 1em 1em 0; vertical-align: top; }
            figure.chart img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { max-width: 45em; font-size: 0.9em; color: #555; }
            nav a { margin-right: 1em; } pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
            .note { color: #555; }
            """;

    /** The policy of the {@code <meta>} element: nothing loads or runs but the inline style and the inline images. */
    static final String META_POLICY = "default-src 'none'; style-src " + Html.cspHash("\n" + STYLE)
            + "; img-src data:; base-uri 'none'; form-action 'none'";

    /** The policy of the served page's header: the meta policy, and never framed (a meta element cannot say that). */
    public static final String CONTENT_SECURITY_POLICY = META_POLICY + "; frame-ancestors 'none'";

    private final RunCharts charts;

    public RunReportPage(RunCharts charts) {
        this.charts = charts;
    }

    /** The report of a finalised run. */
    public String finalised(RunResults r, ProgressTimeline progress) {
        String run = r.run().runId();
        Funnel f = r.funnel();
        Funnel.Counts c = f.run();
        StringBuilder b = head("VASCO run report: " + run);
        b.append("<body data-run=\"").append(Html.escape(run)).append("\" data-state=\"").append(Html.escape(f.state()))
                .append("\">\n<h1>Run ").append(Html.escape(run)).append("</h1>\n<p>Mode ")
                .append(Html.escape(r.run().mode())).append(", profile ").append(Html.escape(f.profile())).append(", ")
                .append(c.tiles()).append(" tiles: ").append(c.tilesDone())
                .append(" done (").append(c.tilesEmpty()).append(" with no survivor), ").append(c.tilesFailed())
                .append(" failed, ").append(c.tilesSkipped()).append(" skipped; ").append(f.plates().size())
                .append(" plate(s). Submitted ").append(time(r.run().createdAt())).append(", finalised ")
                .append(time(r.run().finalisedAt())).append(". <strong>").append(c.finalCount())
                .append(" final candidate(s)</strong>.</p>\n<nav><a href=\"#funnel\">Funnel</a><a href=\"#sky\">Sky</a>"
                        + "<a href=\"#plates\">Plates</a><a href=\"#quality\">Quality</a><a href=\"#progress\">Progress</a>"
                        + "<a href=\"#candidates\">Candidates</a>");
        if (r.recovery() != null) {
            b.append("<a href=\"#recovery\">Injection–recovery</a>");
        }
        b.append("<a href=\"#provenance\">Provenance</a></nav>\n");
        List<Chart> all = charts.all(r, progress);
        b.append("<section id=\"funnel\"><h2>Funnel</h2>\n");
        figure(b, find(all, "chart-funnel"));
        b.append("<table id=\"funnel-table\"><tbody>\n");
        for (FunnelText.Row row : FunnelText.rows(f, c)) {
            b.append("<tr><th>").append(Html.escape(row.label())).append("</th><td class=\"n\" data-key=\"")
                    .append(Html.escape(row.key())).append("\">").append(row.count()).append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n<section id=\"sky\"><h2>Sky</h2>\n");
        figure(b, find(all, "chart-sky"));
        b.append("</section>\n<section id=\"plates\"><h2>Per plate</h2>\n");
        plates(b, f);
        b.append("</section>\n<section id=\"quality\"><h2>Quality across tiles</h2>\n");
        for (String id : List.of("chart-detections", "chart-psf", "chart-wcsfix", "chart-snr", "chart-late", "chart-stages")) {
            figure(b, find(all, id));
        }
        b.append("</section>\n<section id=\"progress\"><h2>Progress</h2>\n");
        figure(b, find(all, "chart-progress"));
        b.append("</section>\n");
        candidates(b, r);
        tileOutcomes(b, "Failed tiles", "failed-tiles", f.failedTiles());
        tileOutcomes(b, "Skipped tiles", "skipped-tiles", f.skippedTiles());
        if (r.recovery() != null) {
            recovery(b, r.recovery());
        }
        b.append("<section id=\"provenance\"><h2>Provenance</h2>\n<pre>")
                .append(Html.escape(pretty(r.provenance()))).append("</pre></section>\n");
        return b.append("</body>\n</html>\n").toString();
    }

    /** A run that is not finalised yet: where its steps stand, and their progress over time. */
    public String inProgress(RunStatus s, ProgressTimeline progress, String why) {
        StringBuilder b = head("VASCO run report: " + s.runId());
        b.append("<body data-run=\"").append(Html.escape(s.runId())).append("\" data-state=\"IN_PROGRESS\">\n<h1>Run ")
                .append(Html.escape(s.runId())).append("</h1>\n<p class=\"note\">").append(Html.escape(why))
                .append("</p>\n<p>Mode ").append(Html.escape(s.mode())).append(", ").append(s.finishedTiles()).append(" of ")
                .append(s.tiles()).append(" tiles final.</p>\n<table id=\"status-table\"><thead><tr><th>step</th>");
        for (String h : List.of("pending", "queued", "running", "done", "failed", "skipped")) {
            b.append("<th>").append(h).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (Map.Entry<String, StepCounts> e : s.counts().entrySet()) {
            StepCounts k = e.getValue();
            b.append("<tr><th>").append(Html.escape(e.getKey())).append("</th>");
            for (int n : new int[] {k.pending(), k.queued(), k.running(), k.done(), k.failed(), k.skipped()}) {
                b.append("<td class=\"n\">").append(n).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n<section id=\"progress\"><h2>Progress</h2>\n");
        figure(b, charts.progress(progress));
        return b.append("</section>\n</body>\n</html>\n").toString();
    }

    private static void plates(StringBuilder b, Funnel f) {
        b.append("<table id=\"plate-table\"><thead><tr><th>plate</th><th>tiles</th><th>done</th><th>empty</th>"
                + "<th>failed</th><th>skipped</th>");
        for (FunnelText.Row row : FunnelText.rows(f, f.run())) {
            b.append("<th>").append(Html.escape(row.header())).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (Funnel.Counts p : f.plates()) {
            b.append("<tr data-plate=\"").append(Html.escape(p.plateId())).append("\"><th>").append(Html.escape(p.plateId()))
                    .append("</th>");
            cell(b, "tiles", p.tiles());
            cell(b, "tiles_done", p.tilesDone());
            cell(b, "tiles_empty", p.tilesEmpty());
            cell(b, "tiles_failed", p.tilesFailed());
            cell(b, "tiles_skipped", p.tilesSkipped());
            for (FunnelText.Row row : FunnelText.rows(f, p)) {
                cell(b, row.key(), row.count());
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void cell(StringBuilder b, String key, long value) {
        b.append("<td class=\"n\" data-key=\"").append(Html.escape(key)).append("\">").append(value).append("</td>");
    }

    private static void candidates(StringBuilder b, RunResults r) {
        String run = r.run().runId();
        List<RunCandidate> finals = r.finalCandidates();
        b.append("<section id=\"candidates\"><h2>Final candidates</h2>\n<p>").append(finals.size())
                .append(" final candidate(s); their stamps and the verdict buttons are on the coordinator's review page"
                        + " <a href=\"/review/").append(Html.escape(Html.pathSegment(run))).append("\">/review/")
                .append(Html.escape(run)).append("</a>.</p>\n<table id=\"candidate-table\"><thead><tr><th>src_id</th>"
                        + "<th>RA (°)</th><th>Dec (°)</th><th>plate</th><th>epoch</th><th>merged</th><th>stamp</th>"
                        + "</tr></thead><tbody>\n");
        for (RunCandidate c : finals) {
            String stamp = "/api/runs/" + Html.pathSegment(run) + "/candidates/" + Html.pathSegment(c.srcId()) + "/stamp.png";
            b.append("<tr data-src-id=\"").append(Html.escape(c.srcId())).append("\"><td>").append(Html.escape(c.srcId()))
                    .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%.6f", c.raDeg()))
                    .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%+.6f", c.decDeg()))
                    .append("</td><td>").append(Html.escape(c.plateId())).append("</td><td class=\"n\">")
                    .append(c.plateEpoch() == null ? "" : String.format(Locale.ROOT, "%.3f", c.plateEpoch()))
                    .append("</td><td>").append(Html.escape(String.join(" ", c.mergedIds()))).append("</td><td><a href=\"")
                    .append(Html.escape(stamp)).append("\">stamp</a></td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    private static void tileOutcomes(StringBuilder b, String title, String id, List<Funnel.TileOutcome> tiles) {
        if (tiles.isEmpty()) {
            return;
        }
        b.append("<section id=\"").append(id).append("\"><h2>").append(title).append(" (").append(tiles.size())
                .append(")</h2>\n<table><thead><tr><th>tile</th><th>plate</th><th>step</th><th>reason</th><th>message</th>"
                        + "</tr></thead><tbody>\n");
        for (Funnel.TileOutcome t : tiles) {
            b.append("<tr><td>").append(Html.escape(t.tileId())).append("</td><td>").append(Html.escape(t.plateId()))
                    .append("</td><td>").append(Html.escape(t.step())).append("</td><td>").append(Html.escape(t.reason()))
                    .append("</td><td>").append(Html.escape(t.message())).append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    /**
     * A demo's figures: its scalar fields as a table; an object of objects (the figures per profile) as a table with a
     * row per key; each list of objects as a table of its own.
     */
    private static void recovery(StringBuilder b, JsonNode recovery) {
        b.append("<section id=\"recovery\"><h2>Injection–recovery</h2>\n<table id=\"recovery-summary\"><tbody>\n");
        List<Map.Entry<String, JsonNode>> lists = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> keyed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = recovery.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isValueNode()) {
                b.append("<tr><th>").append(Html.escape(field.getKey())).append("</th><td class=\"n\" data-key=\"")
                        .append(Html.escape(field.getKey())).append("\">").append(Html.escape(field.getValue().asText()))
                        .append("</td></tr>\n");
            } else if (field.getValue().isArray()) {
                lists.add(field);
            } else if (field.getValue().isObject() && !field.getValue().isEmpty()
                    && field.getValue().elements().next().isObject()) {
                keyed.add(field);
            }
        }
        b.append("</tbody></table>\n");
        for (Map.Entry<String, JsonNode> table : keyed) {
            List<String> columns = new ArrayList<>();
            table.getValue().elements().next().fieldNames().forEachRemaining(columns::add);
            b.append("<h3>").append(Html.escape(table.getKey().replace('_', ' '))).append("</h3>\n<table id=\"recovery-")
                    .append(Html.escape(table.getKey())).append("\"><thead><tr><th></th>");
            columns.forEach(col -> b.append("<th>").append(Html.escape(col)).append("</th>"));
            b.append("</tr></thead><tbody>\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = table.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> row = it.next();
                b.append("<tr><th>").append(Html.escape(row.getKey())).append("</th>");
                for (String col : columns) {
                    b.append("<td>").append(Html.escape(cell(row.getValue().get(col)))).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        for (Map.Entry<String, JsonNode> list : lists) {
            b.append("<h3>").append(Html.escape(list.getKey().replace('_', ' '))).append("</h3>\n");
            if (list.getValue().isEmpty()) {
                b.append("<p class=\"note\">none</p>\n");
                continue;
            }
            List<String> columns = new ArrayList<>();
            list.getValue().get(0).fieldNames().forEachRemaining(columns::add);
            b.append("<table><thead><tr>");
            columns.forEach(col -> b.append("<th>").append(Html.escape(col)).append("</th>"));
            b.append("</tr></thead><tbody>\n");
            for (JsonNode row : list.getValue()) {
                b.append("<tr>");
                for (String col : columns) {
                    b.append("<td>").append(Html.escape(cell(row.get(col)))).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        b.append("</section>\n");
    }

    /** A table cell of the recovery figures: a value as text, anything nested as its JSON. */
    private static String cell(JsonNode v) {
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }

    private static void figure(StringBuilder b, Chart chart) {
        String data = Base64.getEncoder().encodeToString(chart.svg().getBytes(StandardCharsets.UTF_8));
        b.append("<figure class=\"chart\" id=\"").append(Html.escape(chart.id())).append("\" data-points=\"")
                .append(chart.points()).append("\"><img src=\"data:image/svg+xml;base64,").append(data).append("\" alt=\"")
                .append(Html.escape(chart.title())).append("\"><figcaption><strong>").append(Html.escape(chart.title()))
                .append(".</strong> ").append(Html.escape(chart.caption())).append("</figcaption></figure>\n");
    }

    private static Chart find(List<Chart> charts, String id) {
        return charts.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no chart " + id));
    }

    private static String time(Instant t) {
        return t == null ? "—" : t.toString();
    }

    private static String pretty(JsonNode node) {
        try {
            return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    private static StringBuilder head(String title) {
        return new StringBuilder(64 * 1024).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(Html.escape(META_POLICY))
                .append("\">\n<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n");
    }
}
