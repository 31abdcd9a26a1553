package org.vasco.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;

/**
 * The catalogue neighbourhoods of one tile from a directory of the reference pipeline's files
 * ({@code gaia_neighbourhood.csv}, {@code ps1_neighbourhood.csv}, {@code usnob_neighbourhood.csv},
 * {@code ps1_bright_stars_r16_rad45.csv}; SPEC §4, §6.3, §6.8), read in full before anything runs.
 * Every file must be there, except the two PS1 files south of Dec −30°, where PS1 does not reach: an
 * absent PS1 file there means the legitimately empty neighbourhood, as the cluster treats it.
 *
 * @param gaia        Gaia DR3 (J2016.0)
 * @param ps1         PS1 DR2, or null when it does not cover the tile and no file was given
 * @param usnob       USNO-B1.0 (J2000.0)
 * @param brightStars the PS1 r ≤ 16 list for the spike cut
 */
record CatalogueFiles(CatalogueNeighbourhood gaia, CatalogueNeighbourhood ps1, CatalogueNeighbourhood usnob,
                      CatalogueNeighbourhood brightStars) {

    private static String fileName(Catalogue catalogue) {
        return catalogue.referenceFileName();
    }

    /**
     * Reads the four files.
     *
     * @throws ProcessInputException naming the first file that is missing or unreadable, and why
     */
    static CatalogueFiles read(Path dir, LocalTile tile) throws ProcessInputException {
        if (!Files.isDirectory(dir)) {
            throw new ProcessInputException("--catalogs " + dir + " is not a directory; expected one holding "
                    + List.of(Catalogue.values()).stream().map(CatalogueFiles::fileName).toList());
        }
        return new CatalogueFiles(read(dir, Catalogue.GAIA, tile), read(dir, Catalogue.PS1, tile),
                read(dir, Catalogue.USNOB, tile), orEmpty(read(dir, Catalogue.PS1_BRIGHT, tile), tile));
    }

    private static CatalogueNeighbourhood read(Path dir, Catalogue catalogue, LocalTile tile) throws ProcessInputException {
        Path file = dir.resolve(fileName(catalogue));
        if (!Files.isRegularFile(file)) {
            if (!catalogue.covers(tile.centreDecDeg())) {
                return null;
            }
            throw new ProcessInputException(file + " is missing: the " + catalogue.label() + " neighbourhood of the tile at ("
                    + tile.centreRaDeg() + ", " + tile.centreDecDeg() + ") is required"
                    + (catalogue == Catalogue.PS1 || catalogue == Catalogue.PS1_BRIGHT
                        ? " (PS1 files may be left out only south of Dec " + Catalogue.PS1_SOUTH_LIMIT_DEG + ")" : ""));
        }
        CatalogueNeighbourhood n;
        try {
            n = NeighbourhoodCsv.readReferenceFile(catalogue, file, tile.centreRaDeg(), tile.centreDecDeg());
        } catch (IOException e) {
            throw new ProcessInputException(e.getMessage() != null && e.getMessage().contains(file.toString())
                    ? e.getMessage() : file + " cannot be read: " + e.getMessage(), e);
        }
        // South of PS1's limit the reference writes a header-only sentinel: that is "not covered", not "no sources".
        return n.size() == 0 && !catalogue.covers(tile.centreDecDeg()) ? null : n;
    }

    /** South of PS1's limit there are no PS1 bright stars: the spike cut keeps every row, as on the cluster. */
    private static CatalogueNeighbourhood orEmpty(CatalogueNeighbourhood bright, LocalTile tile) {
        return bright != null ? bright
                : new CatalogueNeighbourhood(Catalogue.PS1_BRIGHT, tile.centreRaDeg(), tile.centreDecDeg(), 0, List.of());
    }

    /** Why PS1 is absent, for the science, or null when it is present. */
    String ps1NotCoveredReason(LocalTile tile) {
        return ps1 != null ? null : "PS1 DR2 does not cover Dec < " + Catalogue.PS1_SOUTH_LIMIT_DEG
                + " (tile centre Dec " + tile.centreDecDeg() + ") and no " + fileName(Catalogue.PS1) + " was given";
    }
}
