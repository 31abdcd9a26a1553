package org.vasco.coordinator.review;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.storage.RunFile;
import org.vasco.coordinator.api.CandidateView;
import org.vasco.coordinator.api.Html;
import org.vasco.coordinator.api.RunSummary;

/**
 * The HTML of the review pages: the list of runs, and one run's final candidates, each with its POSS-I stamp beside
 * the same field at the modern epoch (and a blink frame switching between the two), the catalogue sources drawn on
 * both, the deciding measurements first and the rest folded away, its stage verdicts, latest review and the
 * real/artefact/unsure buttons. The filters and the order are the server's ({@link ReviewSelection}, over the whole
 * run): the toolbar's selects load the page they select, and the page links keep them. The page's own script adds the
 * keyboard (verdicts, next/previous, on to the next or previous page past the page's ends, blink, circles) and keeps
 * the progress count. Every value is HTML-escaped; images load lazily, from this
 * origin only. The token is never in the page: the reviewer types it, the page keeps it in {@code sessionStorage}
 * and sends it as a bearer token with each verdict.
 */
final class ReviewPage {

    /** Colours of the circles (RGB), the same in the stamps and the page's legend. */
    static final int GAIA_RGB = 0x3CC8FF;
    static final int PS1_RGB = 0xFFB43C;
    static final int USNOB_RGB = 0xC86EFF;
    static final int VETO_RGB = 0x50DC50;

    /** A candidate and its readable measurements. */
    record Entry(CandidateView candidate, CandidateReadout readout) {
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.4em; vertical-align: top; text-align: left; }
            #toolbar { position: sticky; top: 0; z-index: 1; background: #f4f4f4; border-bottom: 1px solid #ccc;
              padding: 0.5em; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; align-items: center; }
            #toolbar label { white-space: nowrap; }
            #keys { font-size: 0.85em; color: #555; }
            kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 0.3em; background: #fff; font-size: 0.9em; }
            .legend span { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 50%; border: 2px solid;
              vertical-align: middle; margin: 0 0.2em 0 0.6em; }
            .legend .gaia { border-color: #3cc8ff; } .legend .ps1 { border-color: #ffb43c; }
            .legend .usnob { border-color: #c86eff; } .legend .veto { border-color: #50dc50; border-style: dashed; }
            .candidate { display: flex; flex-wrap: wrap; gap: 1em; padding: 0.8em; margin: 0.6em 0;
              border: 1px solid #ccc; border-radius: 4px; }
            .candidate.current { border-color: #2a6df4; box-shadow: 0 0 0 2px #2a6df4; }
            .epochs { display: flex; gap: 0.5em; }
            figure { margin: 0; text-align: center; font-size: 0.85em; }
            .stamp { display: block; background: #1e1e3c; }
            .blink .modern, .blink .modern-label { display: none; }
            .blinked .blink .modern, .blinked .blink .modern-label { display: block; }
            .blinked .blink .poss1, .blinked .blink .poss1-label { display: none; }
            .facts { min-width: 18em; max-width: 34em; }
            .facts h2 { font-size: 1em; margin: 0 0 0.3em 0; }
            dl { display: grid; grid-template-columns: auto auto; gap: 0 0.8em; margin: 0.4em 0; font-size: 0.85em; }
            dt { font-weight: 600; } dd { margin: 0; font-family: monospace; }
            ul.stages { margin: 0.3em 0; padding-left: 1.2em; font-size: 0.85em; }
            .REJECT { color: #a00; } .FLAG { color: #a60; } .KEEP { color: #070; }
            #credentials { margin: 1em 0; } #credentials label { margin-right: 1em; }
            button { margin: 0.2em 0.2em 0 0; }
            .review .current-verdict { font-weight: 600; }
            """;

    private static final String SCRIPT = """
            (function () {
              const run = document.body.dataset.run;
              const token = document.getElementById('token');
              const reviewer = document.getElementById('reviewer');
              const list = document.getElementById('candidates');
              const progress = document.getElementById('progress');
              let marks = true;
              let autoBlink = null;
              document.getElementById('credentials').addEventListener('submit', event => event.preventDefault());
              token.value = sessionStorage.getItem('vasco.review.token') || '';
              reviewer.value = sessionStorage.getItem('vasco.review.reviewer') || '';
              token.addEventListener('input', () => sessionStorage.setItem('vasco.review.token', token.value));
              reviewer.addEventListener('input', () => sessionStorage.setItem('vasco.review.reviewer', reviewer.value));

              const shown = () => Array.from(list.querySelectorAll('article.candidate'));
              const current = () => list.querySelector('article.candidate.current');
              function select(article) {
                const was = current();
                if (was) { was.classList.remove('current'); }
                if (article) {
                  article.classList.add('current');
                  article.scrollIntoView({ block: 'nearest' });
                }
              }
              // past the page's last (first) candidate, the next (previous) page of the same selection, which then
              // selects its first (last) candidate
              function step(by) {
                const visible = shown();
                const at = visible.indexOf(current());
                const beyond = document.getElementById(by > 0 ? 'next' : 'previous');
                if (beyond && (visible.length === 0 || (at >= 0 && (at + by >= visible.length || at + by < 0)))) {
                  location.assign(beyond.getAttribute('href') + (by > 0 ? '#first' : '#last'));
                  return;
                }
                if (visible.length === 0) { return; }
                const next = at < 0 ? 0 : Math.max(0, Math.min(visible.length - 1, at + by));
                select(visible[next]);
              }
              function showProgress() {
                progress.textContent = progress.dataset.reviewed + ' of ' + progress.dataset.total + ' reviewed';
              }

              async function judge(article, verdict) {
                const message = article.querySelector('.message');
                message.textContent = 'saving…';
                try {
                  const response = await fetch('/api/runs/' + encodeURIComponent(run) + '/candidates/'
                      + encodeURIComponent(article.dataset.srcId) + '/review', {
                    method: 'POST',
                    headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token.value.trim() },
                    body: JSON.stringify({ verdict: verdict, reviewer: reviewer.value.trim() })
                  });
                  const body = await response.json();
                  if (!response.ok) {
                    message.textContent = body.error || ('HTTP ' + response.status);
                    return false;
                  }
                  if (!article.dataset.review) {
                    progress.dataset.reviewed = String(Number(progress.dataset.reviewed) + 1);
                    showProgress();
                  }
                  article.dataset.review = body.verdict;
                  article.querySelector('.current-verdict').textContent = body.verdict + ' by ' + body.reviewer
                      + ' at ' + body.decided_at;
                  message.textContent = 'saved';
                  return true;
                } catch (e) {
                  message.textContent = 'failed: ' + e;
                  return false;
                }
              }

              function blink(article) {
                if (article) { article.classList.toggle('blinked'); }
              }
              function toggleMarks() {
                marks = !marks;
                list.querySelectorAll('img.stamp').forEach(img => {
                  img.src = img.dataset.base + (marks ? '' : '?marks=0');
                });
                document.getElementById('marks').setAttribute('aria-pressed', String(marks));
              }
              function toggleAutoBlink() {
                if (autoBlink) {
                  clearInterval(autoBlink);
                  autoBlink = null;
                } else {
                  autoBlink = setInterval(() => blink(current()), 600);
                }
                document.getElementById('auto-blink').setAttribute('aria-pressed', String(autoBlink !== null));
              }

              // the filters and the sorting are the server's, over the whole run: a change loads the page they select
              const controls = Array.from(document.querySelectorAll('#toolbar select[data-param]'));
              controls.forEach(control => control.addEventListener('change', () => {
                const query = controls.filter(c => c.value !== '')
                    .map(c => c.dataset.param + '=' + encodeURIComponent(c.value)).join('&');
                location.assign('/review/' + encodeURIComponent(run) + (query ? '?' + query : ''));
              }));

              list.addEventListener('click', event => {
                const article = event.target.closest('article.candidate');
                if (!article) { return; }
                select(article);
                const button = event.target.closest('button');
                if (!button) { return; }
                if (button.dataset.verdict) {
                  judge(article, button.dataset.verdict);
                } else if (button.classList.contains('blink-button')) {
                  blink(article);
                }
              });
              document.getElementById('blink').addEventListener('click', () => blink(current() || shown()[0]));
              document.getElementById('auto-blink').addEventListener('click', toggleAutoBlink);
              document.getElementById('marks').addEventListener('click', toggleMarks);
              document.getElementById('to-bundle').addEventListener('click', async () => {
                const message = document.getElementById('bundle-message');
                message.textContent = 'writing…';
                try {
                  const response = await fetch('/api/runs/' + encodeURIComponent(run) + '/reviews/bundle', {
                    method: 'POST', headers: { 'Authorization': 'Bearer ' + token.value.trim() }
                  });
                  const body = await response.json();
                  message.textContent = response.ok ? body.reviews + ' verdicts written into the bundle'
                      : (body.error || ('HTTP ' + response.status));
                } catch (e) {
                  message.textContent = 'failed: ' + e;
                }
              });

              const verdictKeys = { r: 'real', a: 'artefact', u: 'unsure' };
              document.addEventListener('keydown', async event => {
                const target = event.target;
                if (event.ctrlKey || event.metaKey || event.altKey
                    || (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA'))) {
                  return;
                }
                const key = event.key;
                if (key === 'j' || key === 'ArrowDown' || key === 'ArrowRight') {
                  event.preventDefault();
                  step(1);
                } else if (key === 'k' || key === 'ArrowUp' || key === 'ArrowLeft') {
                  event.preventDefault();
                  step(-1);
                } else if (verdictKeys[key]) {
                  event.preventDefault();
                  const article = current();
                  if (article && await judge(article, verdictKeys[key]) && current() === article) {
                    step(1);
                  }
                } else if (key === 'b') {
                  blink(current() || shown()[0]);
                } else if (key === 'B') {
                  toggleAutoBlink();
                } else if (key === 'c') {
                  toggleMarks();
                } else if (key === 'm') {
                  const details = current() && current().querySelector('details.more');
                  if (details) { details.open = !details.open; }
                }
              });
              showProgress();
              if (location.hash === '#first') {
                select(shown()[0]);
              } else if (location.hash === '#last') {
                select(shown()[shown().length - 1]);
              }
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

    /** The circle colour of a catalogue's sources. */
    static int rgb(Catalogue catalogue) {
        return switch (catalogue) {
            case GAIA -> GAIA_RGB;
            case PS1, PS1_BRIGHT -> PS1_RGB;
            case USNOB -> USNOB_RGB;
        };
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
     * @param entries     the page of final candidates to show, in order
     * @param selection   the filters and order the page was asked for
     * @param page        where the page stands in the selection and the run
     * @param modernLabel the modern survey's name for the captions (e.g. DSS2 red)
     */
    static String run(String runId, List<Entry> entries, ReviewSelection selection, ReviewQueue.Page page,
                      int stampPixels, String modernLabel) {
        String runPath = Html.escape(Html.pathSegment(runId));
        StringBuilder b = head("VASCO review: " + runId);
        b.append("<body data-run=\"").append(Html.escape(runId)).append("\">\n<h1>Review of run ")
                .append(Html.escape(runId)).append("</h1>\n<p>").append(page.total()).append(" final candidates");
        if (page.selected() != page.total()) {
            b.append(", <span id=\"selected\">").append(page.selected()).append("</span> selected");
        }
        if (!entries.isEmpty()) {
            b.append("; this page shows ").append(page.first() + 1).append("–").append(page.first() + entries.size());
        }
        if (page.previous() != null) {
            b.append(" (<a id=\"previous\" href=\"").append(Html.escape(page.previous().url(runId)))
                    .append("\">previous page</a>)");
        }
        if (page.next() != null) {
            b.append(" (<a id=\"next\" href=\"").append(Html.escape(page.next().url(runId))).append("\">next page</a>)");
        }
        b.append(". <a href=\"/runs/").append(runPath).append("\">Run report</a>,")
                .append(" <a href=\"/api/runs/").append(runPath).append("/funnel\">Funnel (JSON)</a>,")
                .append(" <a id=\"reviews-csv\" href=\"/api/runs/").append(runPath)
                .append("/").append(RunFile.REVIEWS.fileName()).append("\" download>Reviews (CSV)</a>")
                .append(" <button type=\"button\" id=\"to-bundle\">Write the reviews into the run bundle</button>")
                .append(" <span id=\"bundle-message\" role=\"status\"></span></p>\n")
                .append("<form id=\"credentials\">")
                .append("<label>Reviewer <input id=\"reviewer\" autocomplete=\"username\" maxlength=\"64\"></label>")
                .append("<label>Token <input id=\"token\" type=\"password\" autocomplete=\"off\"></label></form>\n");
        toolbar(b, selection, page);
        b.append("<main id=\"candidates\">\n");
        for (Entry entry : entries) {
            candidate(b, runId, entry, stampPixels, modernLabel);
        }
        return b.append("</main>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n").toString();
    }

    private static void toolbar(StringBuilder b, ReviewSelection selection, ReviewQueue.Page page) {
        b.append("<div id=\"toolbar\">\n<span id=\"progress\" data-reviewed=\"").append(page.reviewed())
                .append("\" data-total=\"").append(page.total()).append("\">").append(page.reviewed())
                .append(" of ").append(page.total()).append(" reviewed</span>\n<label>Review ");
        select(b, "filter-review", "state", "all", Arrays.stream(ReviewSelection.ReviewState.values())
                .map(v -> new String[] {v.value, v.label}).toList(), selection.state() == null ? "" : selection.state().value);
        b.append("</label>\n<label>Plate ");
        select(b, "filter-plate", "plate", "all", page.plates().stream().map(p -> new String[] {p, p}).toList(),
                selection.plate() == null ? "" : selection.plate());
        b.append("</label>\n<label>Stages ");
        select(b, "filter-stage", "verdict", "all", Arrays.stream(ReviewSelection.StageVerdict.values())
                .map(v -> new String[] {v.value, v.label}).toList(), selection.stages() == null ? "" : selection.stages().value);
        b.append("</label>\n<label>Sort ");
        ReviewSelection.Order[] orders = ReviewSelection.Order.values();
        select(b, "sort", "sort", orders[0].label, Arrays.stream(orders).skip(1).map(o -> new String[] {o.value, o.label})
                .toList(), selection.order() == ReviewSelection.Order.CANDIDATE ? "" : selection.order().value);
        b.append("</label>\n<span><button type=\"button\" id=\"blink\">Blink</button>")
                .append("<button type=\"button\" id=\"auto-blink\" aria-pressed=\"false\">Auto-blink</button>")
                .append("<button type=\"button\" id=\"marks\" aria-pressed=\"true\">Catalogue circles</button></span>\n")
                .append("<span class=\"legend\"><span class=\"gaia\"></span>Gaia DR3<span class=\"ps1\"></span>PS1 DR2")
                .append("<span class=\"usnob\"></span>USNO-B1.0<span class=\"veto\"></span>")
                .append(String.format(Locale.ROOT, "%.0f″ veto radius", ReviewRoutes.VETO_RADIUS_ARCSEC)).append("</span>\n")
                .append("<span id=\"keys\"><kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>r</kbd> real, <kbd>a</kbd> artefact,")
                .append(" <kbd>u</kbd> unsure, <kbd>b</kbd> blink, <kbd>B</kbd> auto-blink, <kbd>c</kbd> circles,")
                .append(" <kbd>m</kbd> more measurements</span>\n</div>\n");
    }

    /**
     * A select that sets the query parameter {@code param}: its first option (value "") leaves it out, each other is
     * {value, label}; the one whose value is {@code chosen} is selected.
     */
    private static void select(StringBuilder b, String id, String param, String defaultLabel, List<String[]> options,
                               String chosen) {
        b.append("<select id=\"").append(id).append("\" data-param=\"").append(param).append("\"><option value=\"\">")
                .append(Html.escape(defaultLabel)).append("</option>");
        for (String[] option : options) {
            b.append("<option value=\"").append(Html.escape(option[0])).append('"')
                    .append(option[0].equals(chosen) ? " selected" : "").append('>').append(Html.escape(option[1]))
                    .append("</option>");
        }
        b.append("</select>");
    }

    private static void candidate(StringBuilder b, String runId, Entry entry, int stampPixels, String modernLabel) {
        CandidateView c = entry.candidate();
        String base = "/api/runs/" + Html.pathSegment(runId) + "/candidates/" + Html.pathSegment(c.srcId());
        boolean flagged = c.flags().stream().anyMatch(f -> f.verdict().equals("FLAG"));
        b.append("<article class=\"candidate\" data-src-id=\"").append(Html.escape(c.srcId())).append("\" data-plate=\"")
                .append(Html.escape(c.plateId())).append("\" data-stage=\"").append(flagged ? "FLAG" : "KEEP")
                .append("\" data-review=\"").append(c.review() == null ? "" : Html.escape(c.review().verdict())).append("\">\n");
        String epoch = c.plateEpoch() == null ? "" : String.format(Locale.ROOT, " %.2f", c.plateEpoch());
        b.append("<div class=\"epochs\">\n<figure class=\"blink\">");
        image(b, base + "/stamp.png", "poss1", stampPixels, "POSS-I stamp of " + c.srcId());
        image(b, base + "/modern.png", "modern", stampPixels, modernLabel + " stamp of " + c.srcId());
        b.append("<figcaption><span class=\"poss1-label\">POSS-I E").append(Html.escape(epoch))
                .append("</span><span class=\"modern-label\">").append(Html.escape(modernLabel))
                .append(" (blinked)</span><button type=\"button\" class=\"blink-button\">blink</button></figcaption></figure>\n")
                .append("<figure>");
        image(b, base + "/modern.png", "modern", stampPixels, modernLabel + " stamp of " + c.srcId());
        b.append("<figcaption>").append(Html.escape(modernLabel)).append(", modern epoch</figcaption></figure>\n</div>\n");
        b.append("<div class=\"facts\">\n<h2>").append(Html.escape(c.srcId())).append("</h2>")
                .append(String.format(Locale.ROOT, "RA %.6f° Dec %+.6f°", c.raDeg(), c.decDeg())).append("<br>plate ")
                .append(Html.escape(c.plateId())).append(Html.escape(epoch)).append("\n<dl class=\"decisive\">");
        for (CandidateReadout.Line line : entry.readout().decisive()) {
            b.append("<dt title=\"").append(Html.escape(line.hint())).append("\">").append(Html.escape(line.label()))
                    .append("</dt><dd>").append(Html.escape(line.value())).append("</dd>");
        }
        b.append("</dl>\n<details class=\"more\"><summary>All measurements (").append(entry.readout().others().size())
                .append(")</summary><dl>");
        for (CandidateReadout.Line line : entry.readout().others()) {
            b.append("<dt>").append(Html.escape(line.label())).append("</dt><dd>").append(Html.escape(line.value())).append("</dd>");
        }
        b.append("</dl></details>\n<ul class=\"stages\">");
        for (CandidateView.StageFlag flag : c.flags()) {
            b.append("<li class=\"").append(Html.escape(flag.verdict())).append("\">").append(Html.escape(flag.stage()))
                    .append(": ").append(Html.escape(flag.verdict()));
            if (flag.reason() != null) {
                b.append(" (").append(Html.escape(flag.reason())).append(')');
            }
            b.append("</li>");
        }
        b.append("</ul>\n</div>\n<div class=\"review\"><span class=\"current-verdict\">");
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
        b.append("<br><span class=\"message\" role=\"status\"></span></div>\n</article>\n");
    }

    private static void image(StringBuilder b, String url, String epochClass, int pixels, String alt) {
        b.append("<img class=\"stamp ").append(epochClass).append("\" loading=\"lazy\" src=\"").append(Html.escape(url))
                .append("\" data-base=\"").append(Html.escape(url)).append("\" width=\"").append(pixels)
                .append("\" height=\"").append(pixels).append("\" alt=\"").append(Html.escape(alt)).append("\">");
    }

    private static StringBuilder head(String title) {
        return new StringBuilder(8192).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n");
    }
}
