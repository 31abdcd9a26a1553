package org.vasco.coordinator.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.catalog.SourcesAtEpoch;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;

/** The catalogue sources around a candidate, from the kept neighbourhoods, moved to the epoch asked for. */
class FieldCataloguesTest {

    private static final TileId TILE = TileId.of("tile_RA10.000_DECp20.000");

    @TempDir
    Path root;

    @Test
    void sourcesAreMovedByTheirProperMotionsToTheImagesEpochAndPs1StaysPut() throws Exception {
        ArtefactStore store = new ArtefactStore(root);
        // a Gaia star moving 1″/yr east and 2″/yr south, a PS1 source without proper motion 30″ north of the star
        write(store, Catalogue.GAIA, List.<String[]>of(new String[] {"10.0", "20.0", "15.1", "", "", "1000", "-2000", "", "0.1"}));
        write(store, Catalogue.PS1, List.<String[]>of(new String[] {"1", "10.0", "20.008333333", "5", "", "17.2", "", "", "", "0.2"}));
        FieldCatalogues catalogues = new FieldCatalogues(store);

        // at 1956.0 (60 years before Gaia's epoch) the star was 60″ west and 120″ north of its catalogue place
        double cosDec = Math.cos(Math.toRadians(20.0));
        double raThen = 10.0 - 60.0 / 3600.0 / cosDec;
        double decThen = 20.0 + 120.0 / 3600.0;
        List<SourcesAtEpoch.Placed> then = catalogues.near(TILE, FieldCatalogues.VETO_CATALOGUES, raThen, decThen, 1.0, 1956.0);
        assertThat(then).singleElement().satisfies(p -> {
            assertThat(p.catalogue()).isEqualTo(Catalogue.GAIA);
            assertThat(p.separationArcsec()).isLessThan(0.05);
            assertThat(p.magnitude()).isEqualTo(15.1);
        });
        assertThat(catalogues.near(TILE, FieldCatalogues.VETO_CATALOGUES, 10.0, 20.0, 1.0, 1956.0))
                .as("nothing left at the catalogue place in 1956").isEmpty();
        // without an epoch every source stays where it was catalogued; PS1 never moves
        List<SourcesAtEpoch.Placed> catalogued = catalogues.near(TILE, FieldCatalogues.VETO_CATALOGUES, 10.0, 20.0, 40.0,
                Double.NaN);
        assertThat(catalogued).extracting(SourcesAtEpoch.Placed::catalogue).containsExactly(Catalogue.GAIA, Catalogue.PS1);
        assertThat(catalogued.get(1).separationArcsec()).isCloseTo(30.0, within(0.01));
        assertThat(catalogues.nearest(TILE, List.of(Catalogue.PS1), 10.0, 20.0, 40.0, 1956.0).separationArcsec())
                .isCloseTo(30.0, within(0.01));

        assertThat(catalogues.has(TILE, Catalogue.USNOB)).as("not kept: contributes nothing").isFalse();
        assertThat(catalogues.nearest(TILE, List.of(Catalogue.USNOB), 10.0, 20.0, 600.0, 1956.0)).isNull();
    }

    @Test
    void anUnreadableNeighbourhoodIsLeftOutNotFatal() throws Exception {
        ArtefactStore store = new ArtefactStore(root);
        write(store, Catalogue.PS1, List.<String[]>of(new String[] {"1", "10.0", "20.0", "5", "", "17.2", "", "", "", "0.2"}));
        Path gaia = store.catalogNeighbourhood(Catalogue.GAIA.label(), TILE);
        Files.createDirectories(gaia.getParent());
        Files.writeString(gaia, "not gzip at all");
        FieldCatalogues catalogues = new FieldCatalogues(store);
        assertThat(catalogues.has(TILE, Catalogue.GAIA)).isFalse();
        assertThat(catalogues.near(TILE, FieldCatalogues.VETO_CATALOGUES, 10.0, 20.0, 1.0, 1956.0))
                .extracting(SourcesAtEpoch.Placed::catalogue).containsExactly(Catalogue.PS1);
    }

    @Test
    void eachNeighbourhoodIsReadWhenFirstNeededAndTheNearestCatalogueSourceIsTheNearestOfTheThree() throws Exception {
        ArtefactStore store = new ArtefactStore(root);
        write(store, Catalogue.PS1_BRIGHT, List.<String[]>of(new String[] {"10.0", "20.1", "12.5"}));
        write(store, Catalogue.GAIA, List.<String[]>of(new String[] {"10.0", "20.0", "15.1", "", "", "0", "0", "", "0.1"}));
        FieldCatalogues catalogues = new FieldCatalogues(store);
        // the readout's bright star: only the bright-star list is read
        assertThat(catalogues.has(TILE, Catalogue.PS1_BRIGHT)).isTrue();
        assertThat(catalogues.nearest(TILE, List.of(Catalogue.PS1_BRIGHT), 10.0, 20.0, 600.0, Double.NaN).magnitude())
                .isEqualTo(12.5);
        // so a Gaia file replaced since is read as it is now: 50″ north, and a USNO-B source 80″ south
        write(store, Catalogue.GAIA, List.<String[]>of(new String[] {"10.0", "20.013888889", "15.1", "", "", "0", "0", "", "0.1"}));
        write(store, Catalogue.USNOB, List.<String[]>of(new String[] {"10.0", "19.977777778", "16", "", "", "", "", "0", "0", "0.1"}));
        NearestCatalogueSource nearest = catalogues.nearestCatalogueSource(TILE, 10.0, 20.0, 1956.0);
        assertThat(nearest.catalogue()).isEqualTo(Catalogue.GAIA);
        assertThat(nearest.arcsec()).isCloseTo(50.0, within(0.01));
        assertThat(catalogues.nearestCatalogueSource(TILE, 10.0, 20.08, 1956.0)).as("none within 120″")
                .isEqualTo(new NearestCatalogueSource(NearestCatalogueSource.SEARCH_ARCSEC, null));
        assertThat(new FieldCatalogues(new ArtefactStore(root.resolve("empty"))).nearestCatalogueSource(TILE, 10.0, 20.0,
                1956.0)).as("no neighbourhood kept").isNull();
    }

    private static void write(ArtefactStore store, Catalogue catalogue, List<String[]> rows) throws Exception {
        Path file = store.catalogNeighbourhood(catalogue.label(), TILE);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            NeighbourhoodCsv.write(catalogue, rows, out);
        }
    }
}
