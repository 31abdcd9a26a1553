package org.vasco.testkit.archives;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.sky.KnownAsteroid;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;

/** The post-stage stand-ins at the protocol level: what goes over the wire, including their failure forms. */
class VetoStandInsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(URI uri, String boundary, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void skybotAnswersSexagesimalRowsOrItsNoObjectError() throws Exception {
        ArchiveSky asteroids = ArchiveSky.of(List.of(ArchiveSource.of("2001 AB", 150.0, -20.5, "asteroid")));
        try (LoopbackSkybotServer skybot = new LoopbackSkybotServer(asteroids)) {
            String base = skybot.conesearchUri() + "?-ep=2434802.5&-rs=3600&-mime=votable&-output=all";
            HttpResponse<String> hit = get(URI.create(base + "&-ra=150.0&-dec=-20.4"));
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.body()).contains("value=\"OK\"").contains("<vot:TD>2001 AB</vot:TD>")
                    .contains("<vot:TD>10 00 0.0000</vot:TD>").contains("<vot:TD>-20 30 0.000</vot:TD>")
                    .contains("ucd=\"pos.eq.ra;meta.main\"");
            HttpResponse<String> empty = get(URI.create(base + "&-ra=10.0&-dec=10.0"));
            assertThat(empty.statusCode()).isEqualTo(200);
            assertThat(empty.body()).contains("name=\"QUERY_STATUS\" value=\"ERROR\"")
                    .contains("No solar system object was found").doesNotContain("<vot:TABLE");
            assertThat(skybot.requests()).isEqualTo(2);
        }
    }

    @Test
    void faultsComeForAsManyRequestsAsAskedThenServiceResumes() throws Exception {
        try (LoopbackSkybotServer skybot = new LoopbackSkybotServer(ArchiveSky.of(List.of()))) {
            URI uri = URI.create(skybot.conesearchUri() + "?-ep=2434802.5&-ra=1&-dec=1&-rs=60&-mime=votable");
            skybot.failWith(ServiceFault.HTTP_503, 2);
            assertThat(get(uri).statusCode()).isEqualTo(503);
            HttpResponse<String> second = get(uri);
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("0");
            assertThat(get(uri).body()).contains("No solar system object");
            skybot.failWith(ServiceFault.QUERY_ERROR, 1);
            assertThat(get(uri).body()).contains("value=\"ERROR\"").contains("database is not available");
            skybot.failWith(ServiceFault.GARBAGE, 1);
            assertThat(get(uri).body()).startsWith("<html>");
        }
    }

    @Test
    void tapCountsUploadedRowsWithinTheCircleAndRefusesUnknownTables() throws Exception {
        ArchiveSky plate = ArchiveSky.of(List.of(ArchiveSource.of("s1", 10.0, 10.0, "star"),
                ArchiveSource.of("a1", 10.0, 10.0 + 1.0 / 3600, "artefact")));
        try (LoopbackTapServer tap = new LoopbackTapServer("/tap/sync",
                Map.of("supercosmos.sources", plate.only(Set.of("star"))))) {
            String upload = "<VOTABLE version=\"1.3\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                    + "<FIELD name=\"row_id\" datatype=\"int\"/><FIELD name=\"ra\" datatype=\"double\"/>"
                    + "<FIELD name=\"dec\" datatype=\"double\"/><DATA><TABLEDATA>"
                    + "<TR><TD>0</TD><TD>10.0</TD><TD>10.0</TD></TR><TR><TD>1</TD><TD>20.0</TD><TD>20.0</TD></TR>"
                    + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            String query = "SELECT u.row_id, COUNT(*) AS n FROM TAP_UPLOAD.t1 AS u JOIN supercosmos.sources AS s "
                    + "ON 1=CONTAINS(POINT('ICRS', s.raj2000, s.dej2000), CIRCLE('ICRS', u.ra, u.dec, 5/3600.)) GROUP BY u.row_id";
            HttpResponse<String> ok = postForm(tap.syncUri(), "B", form("B", query, "t1,param:t1", upload));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.body()).contains("<TR><TD>0</TD><TD>1</TD></TR>").doesNotContain("<TD>1</TD><TD>");

            HttpResponse<String> unknown = postForm(tap.syncUri(), "B",
                    form("B", query.replace("supercosmos.sources", "ptf_objects"), "t1,param:t1", upload));
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("value=\"ERROR\"").contains("Table not found");
            HttpResponse<String> undeclared = postForm(tap.syncUri(), "B", form("B", query, "x,param:x", upload));
            assertThat(undeclared.statusCode()).isEqualTo(400);
        }
    }

    /**
     * Issue 22: the synthetic cluster's archives answer from the sky. A fresh set of stand-ins (a restarted cluster's)
     * that never served a tile answers the post stages about it over the wire exactly as the set that served it.
     */
    @Test
    void freshSyntheticArchivesAnswerAboutATileTheyNeverServedAsTheOnesThatServedIt() throws Exception {
        TileId tile = TileId.of("tile_RA130.013_DECp33.081");
        SyntheticSky sky = SyntheticSky.withSeed(7).withSizeArcmin(10);
        SkyTile rendered = sky.renderServedAt(tile.raDeg(), tile.decDeg(), 10);
        String cutout = String.format(Locale.ROOT, "?v=poss1_red&r=%.6f&d=%.6f&e=J2000&h=10.00&w=10.00&f=fits&c=none",
                tile.raDeg(), tile.decDeg());
        StringBuilder rows = new StringBuilder();
        int row = 0;
        for (TruthObject v : rendered.truth(TruthKind.VANISHING)) {
            rows.append(String.format(Locale.ROOT, "<TR><TD>%d</TD><TD>%.8f</TD><TD>%.8f</TD></TR>", row++, v.raDeg(), v.decDeg()));
        }
        String upload = "<VOTABLE version=\"1.3\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                + "<FIELD name=\"row_id\" datatype=\"int\"/><FIELD name=\"ra\" datatype=\"double\"/>"
                + "<FIELD name=\"dec\" datatype=\"double\"/><DATA><TABLEDATA>" + rows
                + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        String query = "SELECT u.row_id, COUNT(*) AS n FROM TAP_UPLOAD.t1 AS u JOIN supercosmos.sources AS s "
                + "ON 1=CONTAINS(POINT('ICRS', s.raj2000, s.dej2000), CIRCLE('ICRS', u.ra, u.dec, 5/3600.)) GROUP BY u.row_id";
        KnownAsteroid asteroid = rendered.asteroids().get(0);
        String skybot = String.format(Locale.ROOT, "?-ep=%.6f&-ra=%.8f&-dec=%.8f&-rs=60&-mime=votable&-output=all",
                rendered.plateEpoch().jd(), asteroid.raDeg(), asteroid.decDeg());
        List<String> served;
        try (SyntheticArchives archives = SyntheticArchives.start(sky, List.of(tile))) {
            HttpResponse<byte[]> fits = HTTP.send(HttpRequest.newBuilder(URI.create(archives.dss().baseUrl() + cutout)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fits.statusCode()).isEqualTo(200);
            served = List.of(postForm(archives.gavoTap().syncUri(), "B", form("B", query, "t1,param:t1", upload)).body(),
                    get(URI.create(archives.skybot().conesearchUri() + skybot)).body());
        }
        try (SyntheticArchives restarted = SyntheticArchives.start(sky, List.of(tile))) {
            List<String> fresh = List.of(postForm(restarted.gavoTap().syncUri(), "B", form("B", query, "t1,param:t1", upload)).body(),
                    get(URI.create(restarted.skybot().conesearchUri() + skybot)).body());
            assertThat(fresh).isEqualTo(served);
        }
        assertThat(served.get(0)).as("SuperCOSMOS holds every vanishing source").contains("<TR><TD>0</TD><TD>1</TD></TR>")
                .contains("<TR><TD>" + (row - 1) + "</TD><TD>1</TD></TR>");
        assertThat(served.get(1)).as("SkyBoT knows the asteroid").contains("<vot:TD>" + asteroid.name() + "</vot:TD>");
    }

    private static String form(String boundary, String query, String uploadParam, String votable) {
        return part(boundary, "REQUEST", "doQuery") + part(boundary, "LANG", "ADQL") + part(boundary, "QUERY", query)
                + part(boundary, "UPLOAD", uploadParam)
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"t1\"; filename=\"t1.xml\"\r\n"
                + "Content-Type: application/x-votable+xml\r\n\r\n" + votable + "\r\n--" + boundary + "--\r\n";
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    @Test
    void skybotsSkyPutsEachAsteroidWhereItsMotionTakesItAtTheEpochAsked() {
        org.vasco.testkit.sky.SkyTile tile = org.vasco.testkit.sky.SyntheticSky.withSeed(11).withSizeArcmin(12)
                .render(org.vasco.common.tile.TileId.of("tile_RA130.013_DECp33.081"), "XE258");
        ArchiveSky skybot = SkyArchives.skybot(tile);
        double start = tile.plateEpoch().jd();
        double exposureDays = tile.plate().exposureMin() / 1440.0;
        double ra = tile.centreRaDeg();
        double dec = tile.centreDecDeg();
        for (org.vasco.testkit.sky.TruthObject image : tile.truth(org.vasco.testkit.sky.TruthKind.ASTEROID)) {
            // at mid-exposure SkyBoT's position is the trail's centre, where the plate shows the asteroid
            assertThat(skybot.cone(ra, dec, 1.0, start + exposureDays / 2)).anySatisfy(s -> assertThat(
                    org.vasco.common.sky.SkyGeometry.separationArcsec(s.raDeg(), s.decDeg(), image.raDeg(), image.decDeg()))
                    .isLessThan(0.05));
        }
        for (org.vasco.testkit.sky.KnownAsteroid a : tile.asteroids()) {
            assertThat(skybot.cone(ra, dec, 1.0, start)).anySatisfy(s -> assertThat(
                    org.vasco.common.sky.SkyGeometry.separationArcsec(s.raDeg(), s.decDeg(), a.raDeg(), a.decDeg()))
                    .isLessThan(1e-6));
        }
        assertThat(skybot.cone(ra, dec, 1.0, start + 2)).as("two days off the plate: other positions").isEmpty();
    }
}
