package org.vasco.common.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.detection.Detection;

/**
 * FITS_LDAC as SExtractor writes it (primary HDU, LDAC_IMHEAD with the image header as one cell of
 * 80-character cards, LDAC_OBJECTS), built here with nom-tam-fits; the extract worker's tests read
 * catalogues written by SExtractor itself, including a catalogue without rows (a nebula's pass 1).
 */
class LdacCatalogueTest {

    @TempDir
    Path dir;

    @Test
    void readsDetectionsImageHeaderAndVectorColumns() throws Exception {
        Path file = writeLdac(dir.resolve("pass2.ldac"), 3, true);
        LdacCatalogue catalogue = LdacCatalogue.read(file);
        assertThat(catalogue.rowCount()).isEqualTo(3);
        assertThat(LdacCatalogue.objectCount(file)).isEqualTo(3);
        assertThat(catalogue.imageHeader().getStringValue("CTYPE1")).isEqualTo("RA---TAN");
        assertThat(catalogue.imageHeader().getDoubleValue("CRVAL2")).isEqualTo(30.0);
        assertThat(catalogue.hasColumn("FLUX_APER(1)")).isTrue();
        assertThat(catalogue.doubles("FLUX_APER(1)")).containsExactly(1000.0, 1001.0, 1002.0);
        assertThat(catalogue.vector("VIGNET", 1)).hasSize(9).startsWith(1.0, 1.0);

        List<Detection> detections = catalogue.detections();
        assertThat(detections).hasSize(3);
        Detection second = detections.get(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.flags()).isEqualTo(1);
        assertThat(second.xwinImage()).isEqualTo(10.5 + 1);
        assertThat(second.alphawinJ2000()).isEqualTo(150.001);
        assertThat(second.spreadModel()).isEqualTo(0.002f, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(second.xmaxImage()).isEqualTo(14);
        assertThat(second.fluxAper()).isEqualTo(1001.0);
    }

    @Test
    void missingColumnsAndNonLdacFilesAreNamed() throws Exception {
        Path pass1Like = writeLdac(dir.resolve("pass1.ldac"), 2, false);
        assertThatThrownBy(() -> LdacCatalogue.read(pass1Like).detections())
                .isInstanceOf(FitsFormatException.class).hasMessageContaining("pass1.ldac").hasMessageContaining("SPREAD_MODEL");
        Path text = Files.writeString(dir.resolve("text.ldac"), "not fits");
        assertThatThrownBy(() -> LdacCatalogue.read(text)).isInstanceOf(FitsFormatException.class).hasMessageContaining("text.ldac");
        Path image = dir.resolve("image.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(Fits.makeHDU(new short[4][4]));
            fits.write(image.toFile());
        }
        assertThatThrownBy(() -> LdacCatalogue.read(image)).isInstanceOf(FitsFormatException.class)
                .hasMessageContaining("LDAC_OBJECTS");
        assertThatThrownBy(() -> LdacCatalogue.objectCount(image)).isInstanceOf(FitsFormatException.class)
                .hasMessageContaining("LDAC_OBJECTS");
    }

    @Test
    void psfexModelSummaryTellsAnEmptyModelApart() throws Exception {
        Path good = writePsf(dir.resolve("good.psf"), 51, 51, 2.88);
        Path empty = writePsf(dir.resolve("empty.psf"), 0, 0, 0.0);
        assertThat(PsfexModel.read(good)).isEqualTo(new PsfexModel(51, 51, 0.77, 2.88, 0.65));
        assertThat(PsfexModel.read(good).isUsable()).isTrue();
        assertThat(PsfexModel.read(empty).isUsable()).isFalse();
        assertThatThrownBy(() -> PsfexModel.read(writeLdac(dir.resolve("x.ldac"), 1, true)))
                .isInstanceOf(FitsFormatException.class).hasMessageContaining("PSF_DATA");
    }

    @Test
    void imageInspectionFindsTheImageAndRejectsWhatIsNot() throws Exception {
        Path image = dir.resolve("image.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(Fits.makeHDU(new short[20][30]));
            fits.write(image.toFile());
        }
        FitsImage inspected = FitsImage.inspect(image);
        assertThat(inspected.width()).isEqualTo(30);
        assertThat(inspected.height()).isEqualTo(20);
        assertThat(inspected.hdu()).isZero();
        assertThat(inspected.bitpix()).isEqualTo(16);

        Path truncated = dir.resolve("truncated.fits");
        byte[] bytes = Files.readAllBytes(image);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, 2880 + 100));
        assertThatThrownBy(() -> FitsImage.inspect(truncated)).isInstanceOf(FitsFormatException.class)
                .hasMessageContaining("truncated");
        Path empty = Files.createFile(dir.resolve("empty.fits"));
        assertThatThrownBy(() -> FitsImage.inspect(empty)).hasMessageContaining("empty");
        assertThatThrownBy(() -> FitsImage.inspect(dir.resolve("missing.fits"))).hasMessageContaining("no such file");
        Path tableOnly = writeLdac(dir.resolve("table.fits"), 1, true);
        assertThatThrownBy(() -> FitsImage.inspect(tableOnly)).hasMessageContaining("no image");
    }

    @Test
    void theMeasureStepsAssociatedNumberIsReadAsNumber() throws Exception {
        LdacCatalogue assoc = LdacCatalogue.read(writeLdac(dir.resolve("assoc.ldac"), 3, true, new double[] {17, 4, 230}));
        assertThat(assoc.doubles("NUMBER")).containsExactly(17, 4, 230);
        assertThat(assoc.detections()).extracting(Detection::number).containsExactly(17, 4, 230);
        assertThat(assoc.detections().get(1).xwinImage()).isEqualTo(10.5 + 1);

        for (double[] bad : List.of(new double[] {3, 0, 5}, new double[] {2.5, 1, 1}, new double[] {Double.NaN, 1, 2})) {
            Path file = writeLdac(dir.resolve("bad.ldac"), 3, true, bad);
            assertThatThrownBy(() -> LdacCatalogue.read(file)).isInstanceOf(FitsFormatException.class)
                    .hasMessageContaining("bad.ldac").hasMessageContaining("VECTOR_ASSOC").hasMessageContaining("not the positive NUMBER");
        }
    }

    @Test
    void positionsCarryOnlyThePositionColumns() throws Exception {
        List<Detection> positions = LdacCatalogue.read(writeLdac(dir.resolve("pass2.ldac"), 2, true)).positions();
        Detection second = positions.get(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.xwinImage()).isEqualTo(10.5 + 1);
        assertThat(second.alphawinJ2000()).isEqualTo(150.001);
        assertThat(second.spreadModel()).isNaN();
        assertThat(second.fwhmImage()).isNaN();
        assertThat(second.flags()).isEqualTo(-1);
        assertThat(second.xmaxImage()).isEqualTo(-1);
        assertThatThrownBy(() -> LdacCatalogue.read(writeLdac(dir.resolve("pass1.ldac"), 1, false, null, "XWIN_IMAGE")).positions())
                .isInstanceOf(FitsFormatException.class).hasMessageContaining("XWIN_IMAGE");
    }

    private static Path writeLdac(Path file, int rows, boolean pass2) throws Exception {
        return writeLdac(file, rows, pass2, null);
    }

    private static Path writeLdac(Path file, int rows, boolean pass2, double[] assoc, String... without) throws Exception {
        StringBuilder cards = new StringBuilder();
        for (String card : List.of("SIMPLE  =                    T", "BITPIX  =                   16",
                "NAXIS   =                    2", "CTYPE1  = 'RA---TAN'", "CRVAL2  =                 30.0", "END")) {
            cards.append(String.format("%-80s", card));
        }
        BinaryTable imhead = BinaryTable.fromColumnMajor(new Object[] {new String[] {cards.toString()}});
        BinaryTableHDU imheadHdu = BinaryTableHDU.wrap(imhead);
        imheadHdu.setColumnName(0, "Field Header Card", null);
        imheadHdu.getHeader().addValue("EXTNAME", "LDAC_IMHEAD", "");

        List<String> names = new ArrayList<>();
        List<Object> columns = new ArrayList<>();
        for (String name : FitsColumnsForTest.PASS2) {
            if (!pass2 && name.equals("SPREAD_MODEL") || List.of(without).contains(name)) {
                continue;
            }
            names.add(name.replace("(1)", ""));
            columns.add(FitsColumnsForTest.column(name, rows));
        }
        names.add("VIGNET");
        float[][] vignet = new float[rows][9];
        for (float[] v : vignet) {
            java.util.Arrays.fill(v, 1f);
        }
        columns.add(vignet);
        if (assoc != null) {
            names.add(LdacCatalogue.ASSOCIATED_NUMBER);
            columns.add(assoc);
        }
        BinaryTable objects = BinaryTable.fromColumnMajor(columns.toArray());
        BinaryTableHDU objectsHdu = BinaryTableHDU.wrap(objects);
        for (int i = 0; i < names.size(); i++) {
            objectsHdu.setColumnName(i, names.get(i), null);
        }
        objectsHdu.getHeader().addValue("EXTNAME", "LDAC_OBJECTS", "");
        try (Fits fits = new Fits()) {
            fits.addHDU(BasicHDU.getDummyHDU());
            fits.addHDU(imheadHdu);
            fits.addHDU(objectsHdu);
            fits.write(file.toFile());
        }
        return file;
    }

    private static Path writePsf(Path file, int loaded, int accepted, double fwhm) throws Exception {
        BinaryTableHDU hdu = BinaryTableHDU.wrap(BinaryTable.fromColumnMajor(new Object[] {new float[][] {new float[625]}}));
        hdu.setColumnName(0, "PSF_MASK", null);
        hdu.getHeader().addValue("EXTNAME", "PSF_DATA", "");
        hdu.getHeader().addValue("LOADED", loaded, "");
        hdu.getHeader().addValue("ACCEPTED", accepted, "");
        hdu.getHeader().addValue("CHI2", 0.77, "");
        hdu.getHeader().addValue("PSF_FWHM", fwhm, "");
        hdu.getHeader().addValue("PSF_SAMP", 0.65, "");
        try (Fits fits = new Fits()) {
            fits.addHDU(BasicHDU.getDummyHDU());
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }
        return file;
    }
}
