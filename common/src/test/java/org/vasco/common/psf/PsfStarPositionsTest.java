package org.vasco.common.psf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.tile.TileId;

class PsfStarPositionsTest {

    private static final TileId TILE = TileId.fromCentre(150.0, 20.0);
    private static final double ARCSEC = 1.0 / 3600;

    @Test
    void admitsDetectionsInsideTheCircleWithin3ArcsecOfAGaiaStarFainterThan12AndBrighterThan18() {
        double ra = TILE.raDeg();
        double dec = TILE.decDeg();
        PsfStarPositions positions = new PsfStarPositions(List.of(
                new PsfStarPositions.GaiaStar(ra, dec, 15.0),
                new PsfStarPositions.GaiaStar(ra, dec + 0.1, 12.0),
                new PsfStarPositions.GaiaStar(ra, dec + 0.2, 18.0),
                new PsfStarPositions.GaiaStar(ra, dec + 0.3, Double.NaN),
                new PsfStarPositions.GaiaStar(ra, dec + 0.6, 16.0)));
        assertThat(positions.admits(TILE, ra, dec + 2.9 * ARCSEC)).isTrue();
        assertThat(positions.admits(TILE, ra, dec + 3.1 * ARCSEC)).as("beyond 3″").isFalse();
        assertThat(positions.admits(TILE, ra, dec + 0.1)).as("G = 12 is not fainter than 12").isFalse();
        assertThat(positions.admits(TILE, ra, dec + 0.2)).as("G = 18 is not brighter than 18").isFalse();
        assertThat(positions.admits(TILE, ra, dec + 0.3)).as("no G").isFalse();
        assertThat(positions.nearGaiaStar(ra, dec + 0.6)).isTrue();
        assertThat(positions.admits(TILE, ra, dec + 0.6)).as("36′ from the centre").isFalse();
        assertThat(positions.admits(TILE, Double.NaN, dec)).isFalse();
        assertThat(PsfStarPositions.insideCircle(TILE, ra, dec + 0.49)).isTrue();
    }

    @Test
    void readsGaiaStarsFromANeighbourhoodAndLeavesOutThoseWithoutNumbers() {
        List<String[]> rows = List.of(
                new String[] {"150.0", "20.0", "15.5", "", "", "0", "0", "", ""},
                new String[] {"150.1", "20.1", "", "", "", "0", "0", "", ""},
                new String[] {"x", "20.2", "14", "", "", "0", "0", "", ""});
        CatalogueNeighbourhood gaia = new CatalogueNeighbourhood(Catalogue.GAIA, 150, 20, 45, rows);
        assertThat(PsfStarPositions.gaiaStars(gaia)).containsExactly(new PsfStarPositions.GaiaStar(150.0, 20.0, 15.5));
        assertThatThrownBy(() -> PsfStarPositions.gaiaStars(new CatalogueNeighbourhood(Catalogue.USNOB, 150, 20, 45, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Gaia");
    }
}
