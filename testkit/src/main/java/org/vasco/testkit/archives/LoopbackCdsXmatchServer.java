package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.sky.SkyGeometry;

/**
 * A stand-in for the CDS X-Match synchronous API ({@code POST /xmatch/api/v1/sync}, multipart): {@code request=xmatch},
 * {@code distMaxArcsec}, {@code cat1} an uploaded VOTable with {@code colRA1}/{@code colDec1}, {@code cat2=vizier:<table>},
 * {@code RESPONSEFORMAT=csv}. Answers every pair within the distance in the shape of the recorded real reply
 * ({@link RecordedReply#CDS_XMATCH_CSV}): one header line, {@code angDist} (arcsec, 6 decimals) first, the uploaded
 * columns as uploaded, then the catalogue's {@code GSC2} id, {@code RA_ICRS} (6 decimals) and {@code DE_ICRS} (6
 * decimals, signed); {@code \n} line ends; a header alone when nothing matched. Unknown catalogues and other response
 * formats get HTTP 400 with a plain-text message. Catalogues are given as VizieR name → sky.
 */
public final class LoopbackCdsXmatchServer extends LoopbackStandIn {

    public static final String PATH = "/xmatch/api/v1/sync";

    private final Map<String, ArchiveSky> catalogues;

    public LoopbackCdsXmatchServer(Map<String, ArchiveSky> catalogues) {
        this.catalogues = Map.copyOf(catalogues);
    }

    /** The sync endpoint to configure a client with. */
    public URI syncUri() {
        return uri(PATH);
    }

    @Override
    protected Reply answer(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH) || !"POST".equals(exchange.getRequestMethod())) {
            return Reply.text(404, "Not found: " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
        }
        MultipartBody form = MultipartBody.parse(exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestBody().readAllBytes());
        if (!"xmatch".equals(form.text("request"))) {
            return Reply.text(400, "Error: parameter 'request' must be 'xmatch'");
        }
        if (!"csv".equalsIgnoreCase(form.text("RESPONSEFORMAT"))) {
            return Reply.text(400, "Error: this stand-in answers RESPONSEFORMAT=csv only, not " + form.text("RESPONSEFORMAT"));
        }
        String cat2 = form.text("cat2");
        ArchiveSky sky = cat2 == null ? null : catalogues.get(cat2.replaceFirst("^vizier:", ""));
        if (sky == null) {
            return Reply.text(400, "Error: unknown catalogue cat2=" + cat2);
        }
        double maxArcsec;
        try {
            maxArcsec = Double.parseDouble(form.text("distMaxArcsec"));
        } catch (RuntimeException e) {
            return Reply.text(400, "Error: distMaxArcsec missing or not a number");
        }
        byte[] cat1 = form.bytes("cat1");
        if (cat1 == null) {
            return Reply.text(400, "Error: cat1 missing");
        }
        UploadedTable upload = UploadedTable.read(cat1, "cat1");
        int ra = upload.column(form.text("colRA1") == null ? "ra" : form.text("colRA1"));
        int dec = upload.column(form.text("colDec1") == null ? "dec" : form.text("colDec1"));

        List<String> header = new ArrayList<>();
        header.add("angDist");
        header.addAll(upload.columns());
        header.addAll(List.of("GSC2", "RA_ICRS", "DE_ICRS"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (Object[] row : upload.rows()) {
            double r = UploadedTable.number(row[ra]);
            double d = UploadedTable.number(row[dec]);
            List<ArchiveSource> near = new ArrayList<>(sky.cone(r, d, maxArcsec / 3600.0, Double.NaN));
            // CDS lists a row's pairs nearest first.
            near.sort(Comparator.comparingDouble(s -> SkyGeometry.separationArcsec(r, d, s.raDeg(), s.decDeg())));
            for (ArchiveSource s : near) {
                List<String> cells = new ArrayList<>();
                cells.add(String.format(Locale.ROOT, "%.6f", SkyGeometry.separationArcsec(r, d, s.raDeg(), s.decDeg())));
                for (Object cell : row) {
                    cells.add(csvCell(cell == null ? "" : cell.toString()));
                }
                cells.add(csvCell(s.id()));
                cells.add(String.format(Locale.ROOT, "%.6f", s.raDeg()));
                cells.add(String.format(Locale.ROOT, "%+.6f", s.decDeg()));
                csv.append(String.join(",", cells)).append('\n');
            }
        }
        return new Reply(200, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String csvCell(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
