package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a TAP service's synchronous endpoint with a VOTable upload ({@code POST .../sync}, multipart:
 * {@code REQUEST=doQuery}, {@code LANG=ADQL}, {@code QUERY}, {@code UPLOAD=t1,param:t1} and the file part), as GAVO
 * and IRSA run it. It understands the one query shape the post stages send — uploaded positions joined with a
 * catalogue by {@code CONTAINS(POINT(..), CIRCLE('ICRS', u.ra, u.dec, R/3600))}, optionally with a
 * {@code COALESCE(x.col,0) > v} condition — and answers either {@code row_id, <count>} per matched row
 * ({@code COUNT(*) AS <name> … GROUP BY}) or the distinct matched {@code row_id}s. Anything else, an unknown table,
 * or a malformed upload gets a TAP error document ({@code QUERY_STATUS=ERROR}) with HTTP 400.
 */
public final class LoopbackTapServer extends LoopbackStandIn {

    private static final Pattern UPLOAD = Pattern.compile("TAP_UPLOAD\\.(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CIRCLE = Pattern.compile(
            "CIRCLE\\(\\s*'ICRS'\\s*,\\s*\\w+\\.ra\\s*,\\s*\\w+\\.dec\\s*,\\s*([0-9.eE+-]+)\\s*/\\s*3600(?:\\.0*)?\\s*\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COUNT = Pattern.compile("COUNT\\(\\*\\)\\s+AS\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONDITION = Pattern.compile(
            "COALESCE\\(\\s*\\w+\\.(\\w+)\\s*,\\s*0\\s*\\)\\s*>\\s*([0-9.eE+-]+)", Pattern.CASE_INSENSITIVE);

    private final String path;
    private final Map<String, ArchiveSky> tables;
    private volatile String lastQuery;

    /**
     * @param path   the sync path, e.g. {@code /tap/sync} (GAVO) or {@code /TAP/sync} (IRSA)
     * @param tables ADQL table name (as the query spells it) → sky
     */
    public LoopbackTapServer(String path, Map<String, ArchiveSky> tables) {
        this.path = path;
        this.tables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.tables.putAll(tables);
    }

    public URI syncUri() {
        return uri(path);
    }

    /** The ADQL of the last request. */
    public String lastQuery() {
        return lastQuery;
    }

    @Override
    protected Reply answer(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path) || !"POST".equals(exchange.getRequestMethod())) {
            return Reply.text(404, "Not found: " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
        }
        MultipartBody form = MultipartBody.parse(exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestBody().readAllBytes());
        String query = form.text("QUERY");
        lastQuery = query;
        if (!"doQuery".equalsIgnoreCase(form.text("REQUEST")) || !"ADQL".equalsIgnoreCase(form.text("LANG"))
                || query == null) {
            return error("REQUEST=doQuery, LANG=ADQL and QUERY are required");
        }
        Matcher upload = UPLOAD.matcher(query);
        Matcher circle = CIRCLE.matcher(query);
        if (!upload.find() || !circle.find()) {
            return error("this stand-in answers only upload cone joins; got: " + query);
        }
        String uploadName = upload.group(1);
        String uploadParam = form.text("UPLOAD");
        if (uploadParam == null || !uploadParam.equalsIgnoreCase(uploadName + ",param:" + uploadName)) {
            return error("UPLOAD parameter '" + uploadParam + "' does not declare TAP_UPLOAD." + uploadName);
        }
        byte[] votable = form.bytes(uploadName);
        if (votable == null) {
            return error("upload part '" + uploadName + "' missing");
        }
        ArchiveSky sky = null;
        for (Map.Entry<String, ArchiveSky> t : tables.entrySet()) {
            if (Pattern.compile("\\b" + Pattern.quote(t.getKey()) + "\\b", Pattern.CASE_INSENSITIVE).matcher(query).find()) {
                sky = t.getValue();
            }
        }
        if (sky == null) {
            return error("Table not found: the query names none of " + tables.keySet());
        }
        double radiusDeg = Double.parseDouble(circle.group(1)) / 3600.0;
        Matcher condition = CONDITION.matcher(query);
        String conditionColumn = condition.find() ? condition.group(1) : null;
        double conditionMin = conditionColumn == null ? 0 : Double.parseDouble(condition.group(2));
        UploadedTable table;
        try {
            table = UploadedTable.read(votable, "upload " + uploadName);
        } catch (IOException e) {
            return error(e.getMessage());
        }
        int rowId = table.column("row_id");
        int ra = table.column("ra");
        int dec = table.column("dec");
        Matcher count = COUNT.matcher(query);
        String countName = count.find() ? count.group(1) : null;
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : table.rows()) {
            long n = 0;
            for (ArchiveSource s : sky.cone(UploadedTable.number(row[ra]), UploadedTable.number(row[dec]), radiusDeg,
                    Double.NaN)) {
                if (conditionColumn == null || s.value(conditionColumn, 0) > conditionMin) {
                    n++;
                }
            }
            if (n > 0) {
                rows.add(countName == null ? new Object[] {row[rowId]} : new Object[] {row[rowId], n});
            }
        }
        List<VoTableText.Field> fields = countName == null
                ? List.of(new VoTableText.Field("row_id", "int", null, null))
                : List.of(new VoTableText.Field("row_id", "int", null, null),
                        new VoTableText.Field(countName.toLowerCase(Locale.ROOT), "long", null, null));
        return Reply.votable(200, VoTableText.table(fields, rows));
    }

    private static Reply error(String message) {
        return Reply.votable(400, VoTableText.error(message));
    }
}
