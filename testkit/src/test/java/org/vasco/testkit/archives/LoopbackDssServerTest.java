package org.vasco.testkit.archives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackDssServerTest {

    private static final String GOOD = "v=poss1_red&r=130.013000&d=33.081000&e=J2000&h=60.00&w=60.00&f=fits&c=none&fov=NONE&v3=";

    private final List<double[]> asked = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private LoopbackDssServer dss;

    @BeforeEach
    void start() {
        dss = LoopbackDssServer.start((ra, dec, size) -> {
            asked.add(new double[] {ra, dec, size});
            return tinyFits(ra, dec);
        });
    }

    @AfterEach
    void stop() {
        dss.close();
    }

    @Test
    void servesTheCutOutOfTheRequestedPositionWithTheSurveysLabel() throws Exception {
        HttpResponse<byte[]> reply = get(GOOD);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("image/x-fits");
        assertThat(card(reply.body(), "SURVEY")).contains("'POSSI-E '");
        assertThat(reply.body().length % 2880).isZero();
        assertThat(asked).singleElement().satisfies(a -> assertThat(a).containsExactly(130.013, 33.081, 60.0));

        HttpResponse<byte[]> poss2 = get(GOOD.replace("poss1_red", "poss2ukstu_red").replace("r=130.013000", "r=08+40+03.12")
                .replace("d=33.081000", "d=-05:30:00"));
        assertThat(card(poss2.body(), "SURVEY")).contains("'POSSII-F'");
        assertThat(asked.get(1)[0]).isCloseTo(130.013, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(asked.get(1)[1]).isEqualTo(-5.5);
        assertThat(dss.requests()).extracting(LoopbackDssServer.RecordedRequest::status).containsExactly(200, 200);
        assertThat(dss.requests().get(0).parameters()).containsEntry("fov", "NONE").containsEntry("v3", "");
    }

    @Test
    void answersAGarbledQueryWith400NamingTheParameter() throws Exception {
        assertBadRequest(GOOD.replace("r=130.013000&", ""), "Missing parameter r");
        assertBadRequest(GOOD.replace("r=130.013000", "r=abc"), "r=abc is not a number");
        assertBadRequest(GOOD.replace("d=33.081000", "d=95"), "outside [-90, 90]");
        assertBadRequest(GOOD.replace("h=60.00", "h=0"), "Size h=0");
        assertBadRequest(GOOD.replace("h=60.00&w=60.00", "h=90&w=90"), "Size h=90");
        assertBadRequest(GOOD.replace("poss1_red", "hubble"), "Unknown survey");
        assertBadRequest(GOOD.replace("f=fits", "f=gif"), "f=gif");
        assertThat(asked).isEmpty();
    }

    @Test
    void misbehavesOnDemandInTheOrderAsked() throws Exception {
        dss.retryAfterSeconds(7)
                .misbehave(Misbehaviour.TOO_MANY_REQUESTS, 2)
                .misbehave(Misbehaviour.SERVICE_UNAVAILABLE, 1)
                .misbehave(Misbehaviour.HTML_200, 1)
                .misbehave(Misbehaviour.TRUNCATED, 1)
                .misbehave(Misbehaviour.EMPTY_BODY, 1)
                .misbehave(Misbehaviour.NON_POSS_SURVEY, 1)
                .misbehave(Misbehaviour.NO_ASTROMETRY, 1)
                .misbehave(Misbehaviour.GZIP_BODY, 1);
        HttpResponse<byte[]> full = null;
        List<HttpResponse<byte[]>> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(get(GOOD));
        }
        full = replies.get(9);

        assertThat(replies.get(0).statusCode()).isEqualTo(429);
        assertThat(replies.get(0).headers().firstValue("Retry-After")).hasValue("7");
        assertThat(replies.get(1).statusCode()).isEqualTo(429);
        assertThat(replies.get(2).statusCode()).isEqualTo(503);
        assertThat(replies.get(3).statusCode()).isEqualTo(200);
        assertThat(new String(replies.get(3).body(), StandardCharsets.UTF_8)).startsWith("<!DOCTYPE HTML");
        assertThat(replies.get(4).body().length).isLessThan(full.body().length).isPositive();
        assertThat(replies.get(5).body()).isEmpty();
        assertThat(card(replies.get(6).body(), "SURVEY")).contains("'SERC-ER '");
        byte[] noWcs = replies.get(7).body();
        assertThat(noWcs.length).isEqualTo(full.body().length);
        for (String key : List.of("CRVAL1", "CD1_1", "CDELT1", "AMDX1", "PLTRAH")) {
            assertThat(card(noWcs, key)).as(key).isNull();
        }
        assertThat(card(noWcs, "NAXIS1")).isNotNull();
        assertThat(replies.get(8).body()[0] & 0xFF).isEqualTo(0x1F);
        assertThat(replies.get(8).body()[1] & 0xFF).isEqualTo(0x8B);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(card(full.body(), "CRVAL1")).isNotNull();
        assertThat(dss.requests()).extracting(LoopbackDssServer.RecordedRequest::misbehaviour).containsExactly(
                Misbehaviour.TOO_MANY_REQUESTS, Misbehaviour.TOO_MANY_REQUESTS, Misbehaviour.SERVICE_UNAVAILABLE,
                Misbehaviour.HTML_200, Misbehaviour.TRUNCATED, Misbehaviour.EMPTY_BODY, Misbehaviour.NON_POSS_SURVEY,
                Misbehaviour.NO_ASTROMETRY, Misbehaviour.GZIP_BODY, null);
    }

    @Test
    void aPositionCanMisbehaveOnEveryRequest() throws Exception {
        dss.misbehaveAt(130.013, 33.081, Misbehaviour.HTML_200).misbehave(Misbehaviour.SERVICE_UNAVAILABLE, 1);

        assertThat(get(GOOD).statusCode()).isEqualTo(200);
        assertThat(get(GOOD).headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        // Another position takes the queued misbehaviour, then is served.
        assertThat(get(GOOD.replace("r=130.013000", "r=131.000000")).statusCode()).isEqualTo(503);
        assertThat(get(GOOD.replace("r=130.013000", "r=131.000000")).headers().firstValue("Content-Type")).hasValue("image/x-fits");

        dss.behave();
        assertThat(get(GOOD).headers().firstValue("Content-Type")).hasValue("image/x-fits");
    }

    @Test
    void aSlowReplyOutlastsTheClientsTimeout() {
        dss.slowDelay(Duration.ofSeconds(20)).misbehave(Misbehaviour.SLOW, 1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(dss.baseUrl() + "?" + GOOD)).timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    private HttpResponse<byte[]> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dss.baseUrl() + "?" + query)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private void assertBadRequest(String query, String message) throws Exception {
        HttpResponse<byte[]> reply = get(query);
        assertThat(reply.statusCode()).as(query).isEqualTo(400);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).as(query).contains(message);
    }

    /** The card of a keyword in the first header, or null. */
    private static String card(byte[] fits, String key) {
        for (int at = 0; at + 80 <= fits.length; at += 80) {
            String c = new String(fits, at, 80, StandardCharsets.US_ASCII);
            String k = c.substring(0, 8).trim();
            if (k.equals(key)) {
                return c;
            }
            if (k.equals("END")) {
                return null;
            }
        }
        return null;
    }

    /** A minimal DSS-like FITS file: header cards (both astrometric solutions), 8×8 16-bit data, padded. */
    private static byte[] tinyFits(double ra, double dec) {
        List<String> cards = List.of("SIMPLE  =                    T", "BITPIX  =                   16", "NAXIS   =                    2",
                "NAXIS1  =                    8", "NAXIS2  =                    8", "SURVEY  = 'POSSI-E '", "REGION  = 'XE309   '",
                String.format(Locale.ROOT, "CRVAL1  = %20.8f", ra), String.format(Locale.ROOT, "CRVAL2  = %20.8f", dec),
                "CRPIX1  =                  4.5", "CRPIX2  =                  4.5", "CD1_1   =        -0.0004722222",
                "CD2_2   =         0.0004722222", "PLTRAH  =                    8", "AMDX1   =                 67.2", "END");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String c : cards) {
            out.writeBytes(String.format("%-80s", c).getBytes(StandardCharsets.US_ASCII));
        }
        while (out.size() % 2880 != 0) {
            out.write(' ');
        }
        out.writeBytes(new byte[2880]);
        return out.toByteArray();
    }
}
