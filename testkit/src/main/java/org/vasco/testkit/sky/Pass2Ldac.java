package org.vasco.testkit.sky;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.DetectionColumns;

/**
 * Writes given detections as a pass-2 FITS_LDAC catalogue (an {@code LDAC_OBJECTS} table with the SPEC §5.4
 * columns typed as SExtractor types them, and an image header without astrometry, so readers take the world
 * columns as written), for
 * tests of steps that read a tile's pass-2 catalogue without running SExtractor.
 */
public final class Pass2Ldac {

    private Pass2Ldac() {
    }

    public static void write(Path file, List<Detection> detections) throws IOException {
        int n = detections.size();
        Object[] columns = new Object[DetectionColumns.ALL.size()];
        for (int c = 0; c < columns.length; c++) {
            String name = DetectionColumns.ALL.get(c);
            switch (name) {
                case "NUMBER", "XMIN_IMAGE", "XMAX_IMAGE", "YMIN_IMAGE", "YMAX_IMAGE" -> {
                    int[] v = new int[n];
                    for (int r = 0; r < n; r++) {
                        v[r] = (int) value(detections.get(r), name);
                    }
                    columns[c] = v;
                }
                case "FLAGS" -> {
                    short[] v = new short[n];
                    for (int r = 0; r < n; r++) {
                        v[r] = (short) detections.get(r).flags();
                    }
                    columns[c] = v;
                }
                case "FLUX_APER(1)" -> {
                    double[][] v = new double[n][1];
                    for (int r = 0; r < n; r++) {
                        v[r][0] = detections.get(r).fluxAper();
                    }
                    columns[c] = v;
                }
                default -> {
                    double[] v = new double[n];
                    for (int r = 0; r < n; r++) {
                        v[r] = value(detections.get(r), name);
                    }
                    columns[c] = v;
                }
            }
        }
        try (Fits fits = new Fits()) {
            // an image header without astrometry: readers keep the world columns as written
            BinaryTableHDU imhead = BinaryTableHDU.wrap(BinaryTable.fromColumnMajor(
                    new Object[] {new String[] {String.format("%-80s", "END")}}));
            imhead.setColumnName(0, "Field Header Card", null);
            imhead.getHeader().addValue("EXTNAME", "LDAC_IMHEAD", "");
            BinaryTableHDU objects = BinaryTableHDU.wrap(BinaryTable.fromColumnMajor(columns));
            for (int c = 0; c < columns.length; c++) {
                objects.setColumnName(c, DetectionColumns.ALL.get(c).replace("(1)", ""), null);
            }
            objects.getHeader().addValue("EXTNAME", "LDAC_OBJECTS", "");
            fits.addHDU(BasicHDU.getDummyHDU());
            fits.addHDU(imhead);
            fits.addHDU(objects);
            Files.createDirectories(file.toAbsolutePath().getParent());
            fits.write(file.toFile());
        } catch (FitsException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static double value(Detection d, String name) {
        return switch (name) {
            case "NUMBER" -> d.number();
            case "X_IMAGE" -> d.xImage();
            case "Y_IMAGE" -> d.yImage();
            case "XWIN_IMAGE" -> d.xwinImage();
            case "YWIN_IMAGE" -> d.ywinImage();
            case "ELONGATION" -> d.elongation();
            case "FWHM_IMAGE" -> d.fwhmImage();
            case "XMIN_IMAGE" -> d.xminImage();
            case "XMAX_IMAGE" -> d.xmaxImage();
            case "YMIN_IMAGE" -> d.yminImage();
            case "YMAX_IMAGE" -> d.ymaxImage();
            case "X_WORLD" -> d.xWorld();
            case "Y_WORLD" -> d.yWorld();
            case "ALPHA_J2000" -> d.alphaJ2000();
            case "DELTA_J2000" -> d.deltaJ2000();
            case "ALPHAWIN_J2000" -> d.alphawinJ2000();
            case "DELTAWIN_J2000" -> d.deltawinJ2000();
            case "FLUX_AUTO" -> d.fluxAuto();
            case "MAG_AUTO" -> d.magAuto();
            case "CLASS_STAR" -> d.classStar();
            case "ELLIPTICITY" -> d.ellipticity();
            case "SPREAD_MODEL" -> d.spreadModel();
            case "SPREADERR_MODEL" -> d.spreaderrModel();
            case "SNR_WIN" -> d.snrWin();
            default -> throw new IllegalArgumentException("no pass-2 column " + name);
        };
    }
}
