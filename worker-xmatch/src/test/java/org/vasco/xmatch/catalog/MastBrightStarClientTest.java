package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.BrightStarList;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.CatalogueMisbehaviour;
import org.vasco.testkit.archives.LoopbackMastServer;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException.Reason;

class MastBrightStarClientTest {

    private static final double RA = 210.5;
    private static final double DEC = 12.25;
    private static final TileId TILE = TileId.fromCentre(RA, DEC);
    private static final RandomStarField SKY = new RandomStarField(11, RA, DEC, 0.7, 100);

    private static LoopbackMastServer server;

    @BeforeAll
    static void start() {
        server = LoopbackMastServer.start(SKY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void behave() {
        server.misbehave(CatalogueMisbehaviour.NONE, 0);
    }

    private static MastBrightStarClient client(int pageSize, int maxPages) {
        ArchiveClient http = new ArchiveClient(RandomStarField.service("mast", server.baseUrl(), Duration.ofSeconds(5)),
                new SimpleMeterRegistry(), "test");
        return new MastBrightStarClient(http, pageSize, maxPages, 1);
    }

    @Test
    void readsEveryPageAndKeepsOnlyValidBrightStars() throws Exception {
        int before = server.requestCount();
        FetchedNeighbourhood fetched = client(40, 10).fetch(TILE, RA, DEC, 0.75);

        List<Map<String, String>> requests = server.requests().subList(before, server.requestCount());
        assertThat(requests).extracting(q -> q.get("page")).containsExactly("1", "2", "3");
        assertThat(requests.get(0)).containsEntry("radius", "0.750000").containsEntry("nDetections.gte", "2")
                .containsEntry("columns", "[objName,raMean,decMean,rMeanPSFMag,nDetections]")
                .containsEntry("pagesize", "40").containsEntry("format", "csv");
        CatalogueNeighbourhood n = fetched.neighbourhood();
        assertThat(n.catalogue()).isEqualTo(Catalogue.PS1_BRIGHT);
        assertThat(n.size()).isEqualTo(SKY.brightWithin(RA, DEC, 0.75, 16.0)).isPositive();
        assertThat(java.util.Arrays.stream(n.doubles("rmag")).boxed().toList()).allSatisfy(m -> assertThat(m).isBetween(0.0, 16.0));
        assertThat(fetched.report().pages()).isEqualTo(3);
        assertThat(fetched.report().rowsReceived()).isEqualTo(100);
    }

    @Test
    void aFullLastPageIsFollowedByOneMoreRequest() throws Exception {
        int before = server.requestCount();
        client(50, 10).fetch(TILE, RA, DEC, 0.75);
        assertThat(server.requests().subList(before, server.requestCount())).extracting(q -> q.get("page"))
                .containsExactly("1", "2", "3");
    }

    @Test
    void pagesWithoutEndFailAsTruncated() {
        assertThatThrownBy(() -> client(10, 3).fetch(TILE, RA, DEC, 0.75))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CATALOG_TRUNCATED));
    }

    @Test
    void garbageIsRetriedThenFails() {
        server.misbehaveAlways(CatalogueMisbehaviour.GARBAGE);
        int before = server.requestCount();
        assertThatThrownBy(() -> client(40, 10).fetch(TILE, RA, DEC, 0.75))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CATALOG_GARBLED));
        assertThat(server.requestCount() - before).isEqualTo(3);
    }

    @Test
    void anEmptyBodyOrMissingColumnsFail() {
        server.misbehaveAlways(CatalogueMisbehaviour.EMPTY);
        assertThatThrownBy(() -> client(40, 10).fetch(TILE, RA, DEC, 0.75))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CATALOG_GARBLED));
        server.misbehaveAlways(CatalogueMisbehaviour.WRONG_COLUMNS);
        assertThatThrownBy(() -> client(40, 10).fetch(TILE, RA, DEC, 0.75))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.getMessage()).contains("raMean"));
    }

    @Test
    void aServerErrorOnALaterPageFailsTheWholeList() {
        server.misbehaveAfter(1, CatalogueMisbehaviour.HTTP_500);
        int before = server.requestCount();
        assertThatThrownBy(() -> client(40, 10).fetch(TILE, RA, DEC, 0.75))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CATALOG_UNREACHABLE));
        assertThat(server.requestCount() - before).as("page 1, then three attempts at page 2").isEqualTo(4);
    }

    @Test
    void noStarsAtAllInsideTheFootprintIsAFailedReply() {
        assertThatThrownBy(() -> client(40, 10).fetch(TILE, RA + 5, DEC, 0.05))
                .isInstanceOfSatisfying(NeighbourhoodUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CATALOG_EMPTY));
    }

    @Test
    void validMagnitudesFollowTheSpec() {
        assertThat(BrightStarList.isValidMagnitude(12.0)).isTrue();
        assertThat(BrightStarList.isValidMagnitude(-999.0)).isFalse();
        assertThat(BrightStarList.isValidMagnitude(Double.NaN)).isFalse();
        assertThat(BrightStarList.isValidMagnitude(-0.5)).isFalse();
        assertThat(BrightStarList.isValidMagnitude(50.5)).isFalse();
    }
}
