package org.vasco.veto.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.veto.stages.TilePixels;

/** The pixel and PSF material of a tile, read from the artefacts the earlier steps leave in storage. */
class StoredTileArtefactsTest {

    static final TileId TILE = TileId.of("tile_RA130.013_DECp33.081");
    static SkyTile tile;

    @TempDir
    Path root;

    @BeforeAll
    static void render() {
        tile = SyntheticSky.withSeed(3).withSizeArcmin(10).render(TILE, "XE258");
    }

    @Test
    void theRawCutoutIsTheTileImage() throws IOException {
        ArtefactStore store = new ArtefactStore(root);
        StoredTilePixels pixels = new StoredTilePixels(store);
        assertThat(pixels.image(TILE.toString())).as("nothing downloaded yet").isEmpty();

        Path raw = Files.createDirectories(store.tileArea(TILE, TileArea.RAW));
        Files.write(raw.resolve(tile.fitsFileName()), tile.fits());
        TilePixels.TileImage image = pixels.image(TILE.toString()).orElseThrow();
        assertThat(image.pixels().width()).isEqualTo(tile.naxis());
        assertThat(image.pixels().height()).isEqualTo(tile.naxis());
        assertThat(image.pixelScaleArcsec()).isCloseTo(tile.pixelScaleArcsec(), org.assertj.core.data.Offset.offset(0.01));

        assertThatThrownBy(() -> pixels.stars(TILE.toString())).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("pass2.ldac");
        // a tile extracted for the fast path: its neighbours are the position pass's, not the measured subset's
        Path extract = Files.createDirectories(store.tileArea(TILE, TileArea.EXTRACT));
        Files.writeString(extract.resolve("pass2.ldac"), "not a FITS file");
        Files.writeString(extract.resolve("positions.ldac"), "not a FITS file");
        assertThatThrownBy(() -> pixels.stars(TILE.toString())).isInstanceOf(IOException.class)
                .hasMessageContaining("positions.ldac").hasMessageContaining("not a readable position-pass catalogue");
        Files.delete(extract.resolve("positions.ldac"));
        assertThatThrownBy(() -> pixels.stars(TILE.toString())).isInstanceOf(IOException.class)
                .hasMessageContaining("pass2.ldac").hasMessageContaining("not a readable pass-2 catalogue");
        Files.write(raw.resolve("second.fits"), tile.fits());
        assertThatThrownBy(() -> pixels.image(TILE.toString())).isInstanceOf(IOException.class)
                .hasMessageContaining("expected one FITS image");
    }

    @Test
    void psfMaterialNeedsBothThePass2CatalogueAndTheGaiaNeighbourhood() throws IOException {
        ArtefactStore store = new ArtefactStore(root);
        Path gaia = store.catalogNeighbourhood(Catalogue.GAIA.label(), TILE);
        Files.createDirectories(gaia.getParent());
        try (OutputStream out = Files.newOutputStream(gaia)) {
            NeighbourhoodCsv.write(Catalogue.GAIA, List.of(), out);
        }
        StoredPsfStars psf = new StoredPsfStars(store);
        assertThat(psf.forTile(TILE.toString())).as("no pass-2 catalogue yet").isEmpty();

        Path pass2 = Files.createDirectories(store.tileArea(TILE, TileArea.EXTRACT)).resolve("pass2.ldac");
        Files.writeString(pass2, "not a FITS file");
        assertThatThrownBy(() -> psf.forTile(TILE.toString())).isInstanceOf(IOException.class)
                .hasMessageContaining("pass2.ldac").hasMessageContaining("not a readable pass-2 catalogue");
    }
}
