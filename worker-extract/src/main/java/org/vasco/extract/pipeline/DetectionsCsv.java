package org.vasco.extract.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.DetectionColumns;

/**
 * Pass-2 detections as CSV: {@code NUMBER, X_IMAGE, Y_IMAGE, XWIN_IMAGE, YWIN_IMAGE,
 * ALPHAWIN_J2000, DELTAWIN_J2000}, then the other SPEC §5.4 columns in parameter-file order.
 * Numbers are written in full precision ({@link Double#toString}).
 */
public final class DetectionsCsv {

    /** The leading columns, the ones a user looks at first. */
    public static final List<String> LEADING = List.of("NUMBER", "X_IMAGE", "Y_IMAGE", "XWIN_IMAGE", "YWIN_IMAGE",
            "ALPHAWIN_J2000", "DELTAWIN_J2000");

    private DetectionsCsv() {
    }

    /** The header row's columns. */
    public static List<String> columns() {
        List<String> columns = new ArrayList<>(LEADING);
        for (String c : DetectionColumns.ALL) {
            if (!columns.contains(c)) {
                columns.add(c);
            }
        }
        return columns;
    }

    public static void write(List<Detection> detections, OutputStream out) throws IOException {
        List<String> columns = columns();
        Writer w = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
        w.write(String.join(",", columns));
        w.write('\n');
        for (Detection d : detections) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String c : columns) {
                cells.add(value(c).apply(d));
            }
            w.write(String.join(",", cells));
            w.write('\n');
        }
        w.flush();
    }

    private static Function<Detection, String> value(String column) {
        return switch (column) {
            case "NUMBER" -> d -> Integer.toString(d.number());
            case "FLAGS" -> d -> Integer.toString(d.flags());
            case "X_IMAGE" -> d -> Double.toString(d.xImage());
            case "Y_IMAGE" -> d -> Double.toString(d.yImage());
            case "XWIN_IMAGE" -> d -> Double.toString(d.xwinImage());
            case "YWIN_IMAGE" -> d -> Double.toString(d.ywinImage());
            case "ELONGATION" -> d -> Double.toString(d.elongation());
            case "FWHM_IMAGE" -> d -> Double.toString(d.fwhmImage());
            case "XMIN_IMAGE" -> d -> Integer.toString(d.xminImage());
            case "XMAX_IMAGE" -> d -> Integer.toString(d.xmaxImage());
            case "YMIN_IMAGE" -> d -> Integer.toString(d.yminImage());
            case "YMAX_IMAGE" -> d -> Integer.toString(d.ymaxImage());
            case "X_WORLD" -> d -> Double.toString(d.xWorld());
            case "Y_WORLD" -> d -> Double.toString(d.yWorld());
            case "ALPHA_J2000" -> d -> Double.toString(d.alphaJ2000());
            case "DELTA_J2000" -> d -> Double.toString(d.deltaJ2000());
            case "ALPHAWIN_J2000" -> d -> Double.toString(d.alphawinJ2000());
            case "DELTAWIN_J2000" -> d -> Double.toString(d.deltawinJ2000());
            case "FLUX_AUTO" -> d -> Double.toString(d.fluxAuto());
            case "MAG_AUTO" -> d -> Double.toString(d.magAuto());
            case "CLASS_STAR" -> d -> Double.toString(d.classStar());
            case "ELLIPTICITY" -> d -> Double.toString(d.ellipticity());
            case "SPREAD_MODEL" -> d -> Double.toString(d.spreadModel());
            case "SPREADERR_MODEL" -> d -> Double.toString(d.spreaderrModel());
            case "SNR_WIN" -> d -> Double.toString(d.snrWin());
            case "FLUX_APER(1)" -> d -> Double.toString(d.fluxAper());
            default -> throw new IllegalArgumentException("No detection column " + column);
        };
    }
}
