package org.vasco.common.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference pipeline's own neighbourhood files (SPEC §6.3, §6.8) read into neighbourhoods. */
class NeighbourhoodReferenceFileTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void columnsAreTakenByNameAndExtraOnesIgnored() throws IOException {
        Path f = file("usnob_neighbourhood.csv", "dec,ra,pmRA,pmDE,R1mag,USNO-B1.0\n"
                + "10.5,120.25,-12,30,15.2,1005-0123456\n10.6,120.30,,,18.0,1006-0000001\n");

        CatalogueNeighbourhood n = NeighbourhoodCsv.readReferenceFile(Catalogue.USNOB, f, 120.25, 10.5);

        assertThat(n.size()).isEqualTo(2);
        assertThat(n.ra()).containsExactly(120.25, 120.30);
        assertThat(n.dec()).containsExactly(10.5, 10.6);
        assertThat(n.doubles("pmRA")[0]).isEqualTo(-12.0);
        assertThat(n.doubles("pmDE")[1]).isNaN();
        assertThat(n.doubles("B1mag")[0]).isNaN();
        assertThat(n.radiusArcmin()).isGreaterThan(6.0).isLessThan(7.0);
    }

    @Test
    void theReferencesEmptyResultIsAnEmptyNeighbourhood() throws IOException {
        Path f = file("gaia_neighbourhood.csv", "ra,dec\n");

        assertThat(NeighbourhoodCsv.readReferenceFile(Catalogue.GAIA, f, 1, 2).size()).isZero();
    }

    @Test
    void badFilesAreNamedWithWhatIsWrong() throws IOException {
        Path empty = file("a.csv", "");
        Path noPosition = file("b.csv", "RAJ2000,DEJ2000\n1,2\n");
        Path noPm = file("c.csv", "ra,dec,Gmag\n1,2,15\n");
        Path ragged = file("d.csv", "ra,dec,rmag\n1,2,15\n1,2\n");
        Path notNumbers = file("e.csv", "ra,dec,rmag\nnan,2,15\n");

        assertThatThrownBy(() -> NeighbourhoodCsv.readReferenceFile(Catalogue.GAIA, empty, 0, 0))
                .hasMessageContaining(empty.toString()).hasMessageContaining("empty");
        assertThatThrownBy(() -> NeighbourhoodCsv.readReferenceFile(Catalogue.USNOB, noPosition, 0, 0))
                .hasMessageContaining(noPosition.toString()).hasMessageContaining("without ra and dec");
        assertThatThrownBy(() -> NeighbourhoodCsv.readReferenceFile(Catalogue.GAIA, noPm, 0, 0))
                .hasMessageContaining(noPm.toString()).hasMessageContaining("no pmRA column");
        assertThatThrownBy(() -> NeighbourhoodCsv.readReferenceFile(Catalogue.PS1_BRIGHT, ragged, 0, 0))
                .hasMessageContaining(ragged + " line 3 has 2 values");
        assertThatThrownBy(() -> NeighbourhoodCsv.readReferenceFile(Catalogue.PS1_BRIGHT, notNumbers, 0, 0))
                .hasMessageContaining(notNumbers + " line 2").hasMessageContaining("not a sky position");
    }
}
