package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;

class VizierTsvReplyTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = VizierTsvReplyTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsARealFormatGaiaReplyIntoTheReferenceColumns() throws Exception {
        VizierTsvReply reply = VizierTsvReply.parse(Catalogue.GAIA, resource("vizier_gaia_reply.tsv"));

        assertThat(reply.hasTable()).isTrue();
        assertThat(reply.overflow()).isFalse();
        assertThat(reply.rowsSeen()).isEqualTo(5);
        assertThat(reply.rowsSkipped()).as("the row without a position").isEqualTo(1);
        assertThat(reply.rows()).hasSize(4);
        // columns(): ra, dec, Gmag, BPmag, RPmag, pmRA, pmDE, Plx, _r — while the reply puts _r first.
        assertThat(reply.rows().get(0)).containsExactly("130.01274103265", "+33.08205712212", "17.412331", "17.880128",
                "16.790043", "-3.118", "-6.724", "0.4731", "0.0712");
        assertThat(reply.rows().get(2)).containsExactly("130.00778402115", "+33.08466390051", "20.880211", "", "", "", "", "", "0.3310");
    }

    @Test
    void anHtmlPageIsGarbled() {
        assertThatThrownBy(() -> VizierTsvReply.parse(Catalogue.GAIA, "\n<html><body>Service unavailable</body></html>"))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("HTML");
    }

    @Test
    void aHeaderWithoutTheExpectedColumnsIsGarbled() {
        String body = "#comment\n_r\tRAJ2000\tDEJ2000\nKarcmin\tdeg\tdeg\n---\t---\t---\n0.1\t1.0\t2.0\n";
        assertThatThrownBy(() -> VizierTsvReply.parse(Catalogue.GAIA, body))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("RA_ICRS");
    }

    @Test
    void aRowCutShortIsGarbled() throws Exception {
        String full = resource("vizier_gaia_reply.tsv");
        String cut = full.substring(0, full.lastIndexOf('\t'));
        assertThatThrownBy(() -> VizierTsvReply.parse(Catalogue.GAIA, cut))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("cells");
    }

    @Test
    void aTableWithoutItsSeparatorLineIsGarbled() {
        String body = "_r\tRA_ICRS\tDE_ICRS\tGmag\tBPmag\tRPmag\tpmRA\tpmDE\tPlx\n"
                + "arcmin\tdeg\tdeg\tmag\tmag\tmag\tmas/yr\tmas/yr\tmas\n"
                + "0.1\t1\t2\t3\t4\t5\t6\t7\t8\n";
        assertThatThrownBy(() -> VizierTsvReply.parse(Catalogue.GAIA, body))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("separator");
    }

    @Test
    void aCommentOnlyReplyHasNoTableAndNoRows() throws Exception {
        VizierTsvReply reply = VizierTsvReply.parse(Catalogue.USNOB, "#\n#   VizieR Astronomical Server\n#INFO\t-out.max=50\n\n");
        assertThat(reply.hasTable()).isFalse();
        assertThat(reply.rows()).isEmpty();
    }
}
