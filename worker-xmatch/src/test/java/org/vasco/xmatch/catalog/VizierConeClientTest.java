package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.CatalogueMisbehaviour;
import org.vasco.testkit.archives.LoopbackVizierServer;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException.Reason;

class VizierConeClientTest {

    private static final double RA = 130.013;
    private static final double DEC = 33.081;
    private static final double RADIUS_ARCMIN = 45.43;
    private static final TileId TILE = TileId.fromCentre(RA, DEC);
    private static final RandomStarField SKY = new RandomStarField(7, RA, DEC, 0.9, 600);

    private static LoopbackVizierServer server;

    @BeforeAll
    static void start() {
        server = LoopbackVizierServer.start(SKY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void behave() {
        server.misbehave(CatalogueMisbehaviour.NONE, 0);
    }

    private static VizierConeClient client(int cap, int depth, Duration timeout) {
        ArchiveClient http = new ArchiveClient(RandomStarField.service("vizier", server.baseUrl(), timeout),
                new SimpleMeterRegistry(), "test");
        return new VizierConeClient(http, cap, depth, 1);
    }

    private static Set<String> positions(CatalogueNeighbourhood n) {
        Set<String> keys = new TreeSet<>();
        for (String[] row : n.rows()) {
            keys.add(row[n.column("ra")] + " " + row[n.column("dec")]);
        }
        return keys;
    }

    @Test
    void fetchesACompleteConeWithTheSpecQuery() throws Exception {
        int before = server.requestCount();
        FetchedNeighbourhood fetched = client(200_000, 3, Duration.ofSeconds(5)).fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS_ARCMIN);

        assertThat(server.requestCount() - before).isEqualTo(1);
        Map<String, String> query = server.requests().get(server.requestCount() - 1);
        assertThat(query).containsEntry("-source", "I/355/gaiadr3").containsEntry("-c", "130.013000 +33.081000")
                .containsEntry("-c.r", "45.4300").containsEntry("-out.add", "_r").containsEntry("-out.form", "dec")
                .containsEntry("-sort", "_r").containsEntry("-out.max", "200000")
                .containsEntry("-out", "RA_ICRS,DE_ICRS,Gmag,BPmag,RPmag,pmRA,pmDE,Plx");
        assertThat(positions(fetched.neighbourhood())).isEqualTo(SKY.positionsWithin(RA, DEC, RADIUS_ARCMIN / 60));
        assertThat(fetched.report().split()).isFalse();
        assertThat(fetched.report().rows()).isEqualTo(fetched.neighbourhood().size());
        assertThat(fetched.neighbourhood().doubles("_r")).isSorted();
    }

    @Test
    void ps1IsAskedWithARadiusInDegrees() throws Exception {
        int before = server.requestCount();
        FetchedNeighbourhood fetched = client(200_000, 3, Duration.ofSeconds(5)).fetch(Catalogue.PS1, TILE, RA, DEC, RADIUS_ARCMIN);

        assertThat(server.requestCount() - before).isEqualTo(1);
        assertThat(server.requests().get(server.requestCount() - 1)).containsEntry("-source", "II/389/ps1_dr2")
                .containsEntry("-c.rd", "0.757167").doesNotContainKey("-c.r");
        assertThat(fetched.neighbourhood().rows().get(0)[0]).startsWith("1000000000000");
    }

    @Test
    void aCappedReplyIsSplitUntilCompleteAndDeduplicated() throws Exception {
        Set<String> expected = SKY.positionsWithin(RA, DEC, RADIUS_ARCMIN / 60);
        assertThat(expected.size()).as("the field must overflow the cap").isGreaterThan(300);
        int before = server.requestCount();

        FetchedNeighbourhood fetched = client(150, 3, Duration.ofSeconds(5)).fetch(Catalogue.USNOB, TILE, RA, DEC, RADIUS_ARCMIN);

        CatalogueNeighbourhood n = fetched.neighbourhood();
        assertThat(positions(n)).isEqualTo(expected);
        assertThat(n.size()).as("no duplicates from overlapping quadrants").isEqualTo(expected.size());
        assertThat(fetched.report().split()).isTrue();
        assertThat(fetched.report().splitDepth()).isBetween(1, 3);
        assertThat(fetched.report().requests()).isEqualTo(server.requestCount() - before).isGreaterThanOrEqualTo(5);
        assertThat(fetched.report().rowsReceived()).isGreaterThan(n.size());
        double[] r = n.doubles("_r");
        assertThat(r).isSorted();
        assertThat(Arrays.stream(r).max().orElseThrow()).isLessThanOrEqualTo(RADIUS_ARCMIN);
        assertThat(server.requests().subList(before, server.requestCount()))
                .allSatisfy(q -> assertThat(q).containsEntry("-out.max", "150"));
    }

    @Test
    void aConeStillCappedAtTheMaximumDepthFails() {
        int before = server.requestCount();
        assertThatThrownBy(() -> client(50, 1, Duration.ofSeconds(5)).fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS_ARCMIN))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CATALOG_TRUNCATED);
                    assertThat(e.isRetriable()).isFalse();
                    assertThat(e.toStageException().reason()).isEqualTo("CATALOG_TRUNCATED");
                });
        assertThat(server.requestCount() - before).isBetween(2, 5);
    }

    @ParameterizedTest
    @EnumSource(value = CatalogueMisbehaviour.class, names = {"GARBAGE", "WRONG_COLUMNS"})
    void garbledRepliesAreRetriedThenFail(CatalogueMisbehaviour how) {
        server.misbehaveAlways(how);
        int before = server.requestCount();
        assertThatThrownBy(() -> client(200_000, 3, Duration.ofSeconds(5)).fetch(Catalogue.USNOB, TILE, RA, DEC, RADIUS_ARCMIN))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CATALOG_GARBLED));
        assertThat(server.requestCount() - before).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = CatalogueMisbehaviour.class, names = {"HTTP_500", "SLOW", "TRUNCATED_STREAM"})
    void failingRepliesAreRetriedThenFail(CatalogueMisbehaviour how) {
        server.misbehaveAlways(how);
        int before = server.requestCount();
        assertThatThrownBy(() -> client(200_000, 3, Duration.ofMillis(400)).fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS_ARCMIN))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CATALOG_UNREACHABLE);
                    assertThat(e.isRetriable()).isTrue();
                });
        assertThat(server.requestCount() - before).isEqualTo(3);
    }

    @Test
    void anEmptyReplyFromAnAllSkyCatalogueFails() {
        server.misbehaveAlways(CatalogueMisbehaviour.EMPTY);
        assertThatThrownBy(() -> client(200_000, 3, Duration.ofSeconds(5)).fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS_ARCMIN))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CATALOG_EMPTY));
    }

    @Test
    void aTransientFailureWithinTheAttemptsIsRecovered() throws Exception {
        server.misbehave(CatalogueMisbehaviour.GARBAGE, 1);
        int before = server.requestCount();
        FetchedNeighbourhood fetched = client(200_000, 3, Duration.ofSeconds(5)).fetch(Catalogue.GAIA, TILE, RA, DEC, 10);
        assertThat(server.requestCount() - before).isEqualTo(2);
        assertThat(positions(fetched.neighbourhood())).isEqualTo(SKY.positionsWithin(RA, DEC, 10 / 60.0));
    }

    @Test
    void theBrightStarListIsNotAVizierCatalogue() {
        assertThatThrownBy(() -> client(10, 1, Duration.ofSeconds(1)).fetch(Catalogue.PS1_BRIGHT, TILE, RA, DEC, 45))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
