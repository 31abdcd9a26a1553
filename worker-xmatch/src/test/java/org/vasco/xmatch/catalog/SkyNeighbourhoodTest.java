package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.LoopbackMastServer;
import org.vasco.testkit.archives.LoopbackVizierServer;
import org.vasco.testkit.archives.SkyCones;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;

/** The synthetic sky behind the loopback servers: what the clients fetch is what the sky holds. */
class SkyNeighbourhoodTest {

    private static final TileId TILE = TileId.of("tile_RA130.013_DECp33.081");
    private static SkyTile sky;
    private static LoopbackVizierServer vizier;
    private static LoopbackMastServer mast;

    @BeforeAll
    static void start() {
        sky = SyntheticSky.withSeed(42).render(TILE, "XE258");
        vizier = LoopbackVizierServer.start(SkyCones.of(sky));
        mast = LoopbackMastServer.start(SkyCones.of(sky));
    }

    @AfterAll
    static void stop() {
        vizier.close();
        mast.close();
    }

    private static Set<String> positions(CatalogueNeighbourhood n) {
        Set<String> keys = new TreeSet<>();
        for (String[] row : n.rows()) {
            keys.add(row[n.column("ra")] + " " + row[n.column("dec")]);
        }
        return keys;
    }

    private static ArchiveClient http(String name, java.net.URI url) {
        return new ArchiveClient(RandomStarField.service(name, url, Duration.ofSeconds(10)), new SimpleMeterRegistry(), "test");
    }

    @Test
    void aSplitGaiaFetchReturnsExactlyTheSkysNeighbourhood() throws Exception {
        double radius = new NeighbourhoodRadius(60).arcmin(Catalogue.GAIA);
        CatalogueNeighbourhood truth = sky.neighbourhood(Catalogue.GAIA, radius);
        int cap = Math.max(10, truth.size() / 3);

        FetchedNeighbourhood fetched = new VizierConeClient(http("vizier", vizier.baseUrl()), cap, 4, 1)
                .fetch(Catalogue.GAIA, TILE, TILE.raDeg(), TILE.decDeg(), radius);

        assertThat(fetched.report().split()).isTrue();
        assertThat(positions(fetched.neighbourhood())).isEqualTo(positions(truth));
        assertThat(fetched.neighbourhood().size()).isEqualTo(truth.size());
    }

    @Test
    void ps1AndTheBrightStarListMatchTheSky() throws Exception {
        double radius = new NeighbourhoodRadius(60).arcmin(Catalogue.PS1);
        FetchedNeighbourhood ps1 = new VizierConeClient(http("vizier", vizier.baseUrl()), 200_000, 3, 1)
                .fetch(Catalogue.PS1, TILE, TILE.raDeg(), TILE.decDeg(), radius);
        assertThat(positions(ps1.neighbourhood())).isEqualTo(positions(sky.neighbourhood(Catalogue.PS1, radius)));

        FetchedNeighbourhood bright = new MastBrightStarClient(http("mast", mast.baseUrl()), 25, 100, 1)
                .fetch(TILE, TILE.raDeg(), TILE.decDeg(), 0.75);
        assertThat(positions(bright.neighbourhood())).isEqualTo(positions(sky.neighbourhood(Catalogue.PS1_BRIGHT, 45.0)));
    }
}
