package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.sky.SkyGeometry;

/**
 * A stand-in for the CDS X-Match synchronous API ({@code POST /xmatch/api/v1/sync}, multipart): {@code request=xmatch},
 * {@code distMaxArcsec}, {@code cat1} an uploaded VOTable with {@code colRA1}/{@code colDec1}, {@code cat2=vizier:<table>},
 * {@code RESPONSEFORMAT=votable}. Answers every pair within the distance, as CDS does: {@code angDist} (arcsec),
 * the uploaded columns, then the catalogue's {@code GSC2}-style id and {@code RA_ICRS}/{@code DE_ICRS}. Unknown
 * catalogues get HTTP 400 with a plain-text message. Catalogues are given as VizieR name → sky.
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

        List<VoTableText.Field> fields = new ArrayList<>();
        fields.add(new VoTableText.Field("angDist", "double", "pos.angDistance", "arcsec"));
        for (int c = 0; c < upload.columns().size(); c++) {
            fields.add(new VoTableText.Field(upload.columns().get(c), upload.datatype(c), null, null));
        }
        fields.add(new VoTableText.Field("GSC2", "char", "meta.id;meta.main", null));
        fields.add(new VoTableText.Field("RA_ICRS", "double", "pos.eq.ra", "deg"));
        fields.add(new VoTableText.Field("DE_ICRS", "double", "pos.eq.dec", "deg"));
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : upload.rows()) {
            double r = UploadedTable.number(row[ra]);
            double d = UploadedTable.number(row[dec]);
            for (ArchiveSource s : sky.cone(r, d, maxArcsec / 3600.0, Double.NaN)) {
                Object[] out = new Object[fields.size()];
                out[0] = String.format(Locale.ROOT, "%.6f", SkyGeometry.separationArcsec(r, d, s.raDeg(), s.decDeg()));
                for (int i = 0; i < row.length; i++) {
                    out[1 + i] = row[i];
                }
                out[fields.size() - 3] = s.id();
                out[fields.size() - 2] = s.raDeg();
                out[fields.size() - 1] = s.decDeg();
                rows.add(out);
            }
        }
        return Reply.votable(200, VoTableText.table(fields, rows));
    }
}
