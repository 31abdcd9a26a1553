package org.vasco.coordinator.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.coordinator.api.CandidateView;
import org.vasco.coordinator.api.Html;
import org.vasco.coordinator.api.RunSummary;

/**
 * The HTML of the review pages: the list of runs, and one run's final candidates in a table (stamp, position,
 * measurements, stage verdicts, latest review and the real/artefact/unsure buttons). Every value is
 * HTML-escaped. The token is never in the page: the reviewer types it, the page keeps it in
 * {@code sessionStorage} and sends it as a bearer token with each verdict.
 */
final class ReviewPage {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.4em; vertical-align: top; text-align: left; }
            dl { display: grid; grid-template-columns: auto auto; gap: 0 0.8em; margin: 0; font-size: 0.85em; }
            dt { font-weight: 600; } dd { margin: 0; font-family: monospace; }
            .REJECT { color: #a00; } .FLAG { color: #a60; } .KEEP { color: #070; }
            #credentials { margin: 1em 0; } #credentials label { margin-right: 1em; }
            button { margin: 0.2em 0.2em 0 0; }
            """;

    private static final String SCRIPT = """
            (function () {
              const run = document.body.dataset.run;
              const token = document.getElementById('token');
              const reviewer = document.getElementById('reviewer');
              document.getElementById('credentials').addEventListener('submit', event => event.preventDefault());
              token.value = sessionStorage.getItem('vasco.review.token') || '';
              reviewer.value = sessionStorage.getItem('vasco.review.reviewer') || '';
              token.addEventListener('input', () => sessionStorage.setItem('vasco.review.token', token.value));
              reviewer.addEventListener('input', () => sessionStorage.setItem('vasco.review.reviewer', reviewer.value));
              document.querySelectorAll('button[data-verdict]').forEach(button => button.addEventListener('click', async () => {
                const row = button.closest('tr');
                const message = row.querySelector('.message');
                message.textContent = 'saving…';
                try {
                  const response = await fetch('/api/runs/' + encodeURIComponent(run) + '/candidates/'
                      + encodeURIComponent(row.dataset.srcId) + '/review', {
                    method: 'POST',
                    headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token.value.trim() },
                    body: JSON.stringify({ verdict: button.dataset.verdict, reviewer: reviewer.value.trim() })
                  });
                  const body = await response.json();
                  if (!response.ok) {
                    message.textContent = body.error || ('HTTP ' + response.status);
                    return;
                  }
                  row.querySelector('.current').textContent = body.verdict + ' by ' + body.reviewer + ' at ' + body.decided_at;
                  message.textContent = 'saved';
                } catch (e) {
                  message.textContent = 'failed: ' + e;
                }
              }));
            })();
            """;

    /**
     * The pages' Content-Security-Policy: nothing runs or loads but the page's own script and style (by hash),
     * stamps and verdict requests from this origin; no inline handlers, no forms, no framing. Even a value that
     * escaped {@link Html#escape} could not run script.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src " + Html.cspHash("\n" + SCRIPT)
            + "; style-src " + Html.cspHash("\n" + STYLE) + "; img-src 'self'; connect-src 'self'; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";

    private ReviewPage() {
    }

    static String runs(List<RunSummary> runs) {
        StringBuilder b = head("VASCO review");
        b.append("<body>\n<h1>VASCO review</h1>\n<table>\n<thead><tr><th>Run</th><th>Created</th><th>State</th>"
                + "<th>Tiles</th><th>Candidates</th></tr></thead>\n<tbody>\n");
        for (RunSummary r : runs) {
            b.append("<tr><td><a href=\"/review/").append(Html.escape(Html.pathSegment(r.runId()))).append("\">")
                    .append(Html.escape(r.runId())).append("</a></td><td>").append(Html.escape(r.createdAt()))
                    .append("</td><td>").append(Html.escape(r.state())).append("</td><td>").append(r.tiles())
                    .append("</td><td>").append(r.candidates()).append("</td></tr>\n");
        }
        return b.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    /**
     * @param candidates the page of final candidates to show
     * @param total      final candidates of the run
     * @param offset     index of the first shown among them
     * @param pageSize   the page size, for the link to the next page
     */
    static String run(String runId, List<CandidateView> candidates, int total, int offset, int pageSize, int stampPixels) {
        StringBuilder b = head("VASCO review: " + runId);
        b.append("<body data-run=\"").append(Html.escape(runId)).append("\">\n<h1>Review of run ")
                .append(Html.escape(runId)).append("</h1>\n<p>").append(total).append(" final candidates");
        if (total > 0) {
            b.append("; showing ").append(Math.min(total, offset + 1)).append("–").append(offset + candidates.size());
        }
        if (offset + candidates.size() < total) {
            b.append(" (<a id=\"next\" href=\"/review/").append(Html.escape(Html.pathSegment(runId))).append("?offset=")
                    .append(offset + pageSize).append("\">next page</a>)");
        }
        b.append(". <a href=\"/runs/").append(Html.escape(Html.pathSegment(runId))).append("\">Run report</a>,")
                .append(" <a href=\"/api/runs/").append(Html.escape(Html.pathSegment(runId))).append("/funnel\">Funnel (JSON)</a></p>\n")
                .append("<form id=\"credentials\">")
                .append("<label>Reviewer <input id=\"reviewer\" autocomplete=\"username\" maxlength=\"64\"></label>")
                .append("<label>Token <input id=\"token\" type=\"password\" autocomplete=\"off\"></label></form>\n")
                .append("<table>\n<thead><tr><th>Stamp</th><th>Candidate</th><th>Measurements</th><th>Stage verdicts</th>"
                        + "<th>Review</th></tr></thead>\n<tbody>\n");
        for (CandidateView c : candidates) {
            row(b, runId, c, stampPixels);
        }
        return b.append("</tbody>\n</table>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n").toString();
    }

    private static void row(StringBuilder b, String runId, CandidateView c, int stampPixels) {
        String stamp = "/api/runs/" + Html.pathSegment(runId) + "/candidates/" + Html.pathSegment(c.srcId()) + "/stamp.png";
        b.append("<tr data-src-id=\"").append(Html.escape(c.srcId())).append("\">\n<td><img class=\"stamp\" src=\"")
                .append(Html.escape(stamp)).append("\" width=\"").append(stampPixels).append("\" height=\"")
                .append(stampPixels).append("\" alt=\"image stamp of ").append(Html.escape(c.srcId())).append("\"></td>\n<td>")
                .append("<strong>").append(Html.escape(c.srcId())).append("</strong><br>")
                .append(String.format(Locale.ROOT, "RA %.6f° Dec %+.6f°", c.raDeg(), c.decDeg())).append("<br>plate ")
                .append(Html.escape(c.plateId()));
        if (c.plateEpoch() != null) {
            b.append(String.format(Locale.ROOT, ", epoch %.3f", c.plateEpoch()));
        }
        b.append("</td>\n<td><dl>");
        Iterator<Map.Entry<String, JsonNode>> fields = c.measurements().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            b.append("<dt>").append(Html.escape(f.getKey())).append("</dt><dd>")
                    .append(Html.escape(v.isValueNode() ? v.asText() : v.toString())).append("</dd>");
        }
        b.append("</dl></td>\n<td><ul>");
        for (CandidateView.StageFlag flag : c.flags()) {
            b.append("<li class=\"").append(Html.escape(flag.verdict())).append("\">").append(Html.escape(flag.stage()))
                    .append(": ").append(Html.escape(flag.verdict()));
            if (flag.reason() != null) {
                b.append(" (").append(Html.escape(flag.reason())).append(')');
            }
            b.append("</li>");
        }
        b.append("</ul></td>\n<td><span class=\"current\">");
        if (c.review() != null) {
            b.append(Html.escape(c.review().verdict())).append(" by ").append(Html.escape(c.review().reviewer()))
                    .append(" at ").append(Html.escape(c.review().decidedAt()));
        } else {
            b.append("not reviewed");
        }
        b.append("</span><br>");
        for (ReviewVerdict v : ReviewVerdict.values()) {
            b.append("<button type=\"button\" data-verdict=\"").append(v.label()).append("\">").append(v.label())
                    .append("</button>");
        }
        b.append("<br><span class=\"message\"></span></td>\n</tr>\n");
    }

    private static StringBuilder head(String title) {
        return new StringBuilder(8192).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n");
    }
}
