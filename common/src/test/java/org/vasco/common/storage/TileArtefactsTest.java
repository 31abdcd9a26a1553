package org.vasco.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.tile.TileId;

/** The tile layout is DESIGN.md's, file for file, and the raw image has one lookup with one rule. */
class TileArtefactsTest {

    private static final TileId TILE = TileId.of("tile_RA130.013_DECp33.081");

    @TempDir
    Path root;

    @Test
    void everyFileLiesWhereTheStepsAgreeItDoes() {
        ArtefactStore store = new ArtefactStore(root);
        TileArtefacts a = store.artefacts(TILE);
        Path tile = store.root().resolve("tiles").resolve(TILE.value());
        assertThat(a.area(TileArea.RAW)).isEqualTo(tile.resolve("raw"));
        assertThat(a.rawImage(18.182, -29.351, 60)).isEqualTo(tile.resolve("raw/dss1-red_18.182_-29.351_60arcmin.fits"));
        assertThat(a.rejectedReplies()).isEqualTo(tile.resolve("raw/rejected"));
        assertThat(a.pass1Catalogue()).isEqualTo(tile.resolve("extract/pass1.ldac"));
        assertThat(a.psfModel()).isEqualTo(tile.resolve("extract/pass1.psf"));
        assertThat(a.pass2Catalogue()).isEqualTo(tile.resolve("extract/pass2.ldac"));
        assertThat(a.positionsCatalogue()).isEqualTo(tile.resolve("extract/positions.ldac"));
        assertThat(a.extractScratch()).isEqualTo(tile.resolve("extract/work"));
        assertThat(a.extractLogs(2)).isEqualTo(tile.resolve("extract/logs/attempt-2"));
        assertThat(a.measureScratch()).isEqualTo(tile.resolve("extract/measure-work"));
        assertThat(a.measureLogs(3)).isEqualTo(tile.resolve("extract/logs/measure-attempt-3"));
        assertThat(a.vetoSurvivors()).isEqualTo(tile.resolve("xmatch/veto_survivors.csv"));
        assertThat(a.psfReference()).isEqualTo(tile.resolve("xmatch/psf_reference.csv"));
        assertThat(a.rejected()).isEqualTo(tile.resolve("xmatch/rejected.csv"));
        assertThat(a.vetoPairs()).isEqualTo(tile.resolve("xmatch/veto_pairs.csv"));
        assertThat(a.hpmFlagged()).isEqualTo(tile.resolve("xmatch/hpm_flagged.csv"));
        assertThat(a.summary()).isEqualTo(tile.resolve("xmatch/summary.json"));
        // a local command's output directory holds the same names
        assertThat(ArtefactFile.SURVIVORS.in(root.resolve("out"))).isEqualTo(root.resolve("out/survivors.csv"));
    }

    @Test
    void theRawImageNameIsTheReferencesForAnyCentreAndSize() {
        assertThat(TileArtefacts.rawImageName(18.182, -29.351, 60)).isEqualTo("dss1-red_18.182_-29.351_60arcmin.fits");
        assertThat(TileArtefacts.rawImageName(-1, 95, 15.5)).isEqualTo("dss1-red_359.000_90.000_15.50arcmin.fits");
    }

    @Test
    void theRawImageIsTheOneFitsFileTheDownloadLeft() throws Exception {
        TileArtefacts a = new ArtefactStore(root).artefacts(TILE);
        assertThat(a.rawImage()).as("no raw area yet").isEmpty();
        Path raw = Files.createDirectories(a.area(TileArea.RAW));
        Files.createDirectories(a.rejectedReplies());
        Files.writeString(raw.resolve("notes.txt"), "x");
        Files.writeString(raw.resolve(".half-written.fits"), "x");
        Files.createDirectories(raw.resolve("old.fits"));
        assertThat(a.rawImage()).as("only regular, visible FITS files count").isEmpty();

        Path image = Files.writeString(raw.resolve("dss1-red_130.013_33.081_60arcmin.fits"), "x");
        assertThat(a.rawImage()).contains(image);

        Path other = Files.writeString(raw.resolve("another.fts"), "x");
        assertThatThrownBy(a::rawImage).isInstanceOfSatisfying(AmbiguousRawImageException.class, e -> {
            assertThat(e.images()).containsExactly(other, image);
            assertThat(e.getMessage()).contains(TILE.value(), "expected one FITS image", "found 2");
        });
    }
}
