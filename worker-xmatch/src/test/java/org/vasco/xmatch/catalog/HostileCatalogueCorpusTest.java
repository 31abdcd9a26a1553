package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.LoopbackVizierServer;
import org.vasco.testkit.hostile.Expected;
import org.vasco.testkit.hostile.HostileCase;
import org.vasco.testkit.hostile.HostileCatalogueReplies;

/**
 * The VizieR cases of the hostile-input corpus ({@link HostileCatalogueReplies}) through the real cone client over
 * HTTP: each hostile table is either refused with its own reason (never mistaken for a complete neighbourhood) or
 * used without a single unparsed or repeated position; after each one the same client still fetches a clean cone.
 */
class HostileCatalogueCorpusTest {

    private static final double RA = 130.013;
    private static final double DEC = 33.081;
    private static final double RADIUS_ARCMIN = 45.43;
    private static final TileId TILE = TileId.fromCentre(RA, DEC);
    private static final RandomStarField SKY = new RandomStarField(11, RA, DEC, 0.9, 300);

    private static LoopbackVizierServer server;

    @BeforeAll
    static void start() {
        server = LoopbackVizierServer.start(SKY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyHostileTableIsRefusedForItsOwnReasonOrCleanedAndTheClientKeepsServing() throws Exception {
        ArchiveClient http = new ArchiveClient(RandomStarField.service("vizier", server.baseUrl(), Duration.ofSeconds(5)),
                new SimpleMeterRegistry(), "test");
        VizierConeClient client = new VizierConeClient(http, HostileCatalogueReplies.ROW_CAP, 0, 1);
        FetchedNeighbourhood clean = client.fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS_ARCMIN);
        assertThat(clean.neighbourhood().size()).isBetween(100, HostileCatalogueReplies.ROW_CAP / 2 - 1);

        SoftAssertions soft = new SoftAssertions();
        for (HostileCase<UnaryOperator<String>> c : HostileCatalogueReplies.all()) {
            Expected expected = c.expected();
            String name = c.name() + " (" + c.input() + ")";
            server.rewriteReplies(c.build(), Integer.MAX_VALUE);
            try {
                FetchedNeighbourhood fetched = client.fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS_ARCMIN);
                soft.assertThat("ACCEPTED").as(name + ": " + fetched.report()).isEqualTo(expected.outcome());
                soft.assertThat(fetched.report().toString()).as(name + ": report").contains(expected.phrase());
                soft.assertThat(positions(fetched.neighbourhood())).as(name + ": only finite, distinct positions")
                        .hasSize(fetched.neighbourhood().size())
                        .isSubsetOf(positions(clean.neighbourhood()));
            } catch (NeighbourhoodUnavailableException e) {
                soft.assertThat("REJECTED").as(name + ": " + e.getMessage()).isEqualTo(expected.outcome());
                soft.assertThat(e.reason().name()).as(name + ": reason").isEqualTo(expected.reason());
                soft.assertThat(e.getMessage()).as(name + ": message").contains(expected.phrase()).contains(TILE.value());
            } finally {
                server.stopRewriting();
            }
            FetchedNeighbourhood after = client.fetch(Catalogue.GAIA, TILE, RA, DEC, RADIUS_ARCMIN);
            soft.assertThat(positions(after.neighbourhood())).as(name + ": the next clean fetch")
                    .isEqualTo(positions(clean.neighbourhood()));
        }
        soft.assertAll();
    }

    /** "ra dec" of every row; a set, so a repeated position shows as a size smaller than the row count. */
    private static Set<String> positions(CatalogueNeighbourhood n) {
        Set<String> keys = new HashSet<>();
        int ra = n.column("ra");
        int dec = n.column("dec");
        for (String[] row : n.rows()) {
            double r = Double.parseDouble(row[ra]);
            double d = Double.parseDouble(row[dec]);
            if (Double.isFinite(r) && Double.isFinite(d)) {
                keys.add(row[ra] + " " + row[dec]);
            }
        }
        return keys;
    }
}
