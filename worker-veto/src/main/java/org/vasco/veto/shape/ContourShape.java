package org.vasco.veto.shape;

import java.util.List;

/**
 * The reference's contour metrics (SPEC §9.3, Busko 2026 "ContourWorker"), re-implemented without OpenCV: a
 * {@code size}-px cut-out of the raw tile around the candidate, min–max scaled to 0–255 and rounded to uint8
 * ({@code cv2.normalize NORM_MINMAX}); for each threshold t (pixels &gt; t are foreground) the external contours;
 * each contour with area &gt; 7 and perimeter &gt; 0 gives circularity = 4πA/P², area by the shoelace formula and
 * perimeter as the closed polyline length over boundary pixel centres ({@code contourArea}, {@code arcLength}).
 * As in the reference, the last valid contour over all thresholds wins.
 * <p>
 * Checked against OpenCV 4.6 running the reference's code on the same cut-outs (identical to float precision).
 * The last contour is the threshold-45 one, only ~8–60 px² on a POSS-I star, so pixel digitisation dominates: a
 * noise-free round Moffat star of FWHM 2.5–3.5 px scores 0.67–0.95 depending on its sub-pixel phase, and the
 * reference's 0.80 limit rejects some isolated point sources by design of the measure, not by a defect here.
 */
public final class ContourShape {

    static final double MIN_AREA = 7.0;
    static final double HIGH_CONFIDENCE_AREA = 100.0;
    /** {@link #measureOwn}: the object's peak is its brightest pixel this close to its centre, px. */
    static final double OWN_PEAK_RADIUS_PX = 2.0;

    private ContourShape() {
    }

    /**
     * Contour metrics of the candidate at 0-based (x, y).
     *
     * @return metrics with NaN circularity/area when no contour qualifies
     */
    public static Metrics measure(PixelImage tile, double x, double y, int size, int[] thresholds) {
        PixelImage cut = tile.cutoutAround(x, y, size).image();
        int[][] scaled = toUint8(cut);
        return lastValidContour(thresholds, t -> {
            boolean[][] mask = new boolean[cut.height()][cut.width()];
            for (int yy = 0; yy < cut.height(); yy++) {
                for (int xx = 0; xx < cut.width(); xx++) {
                    mask[yy][xx] = scaled[yy][xx] > t;
                }
            }
            return mask;
        });
    }

    /**
     * The metrics of the last valid contour (area &gt; {@link #MIN_AREA}, a perimeter) over the thresholds in order and,
     * at each, over the external contours of {@code maskAbove} it in BorderTracer's order: the reference's "last
     * contour" rule, which both profiles' measures share (they differ in the mask).
     */
    private static Metrics lastValidContour(int[] thresholds, java.util.function.IntFunction<boolean[][]> maskAbove) {
        double circularity = Double.NaN;
        double area = Double.NaN;
        for (int t : thresholds) {
            List<int[][]> contours = BorderTracer.externalContours(maskAbove.apply(t));
            for (int[][] contour : contours) {
                double a = area(contour);
                double p = perimeter(contour);
                if (a <= MIN_AREA || p <= 0) {
                    continue;
                }
                circularity = 4 * Math.PI * a / (p * p);
                area = a;
            }
        }
        String confidence = Double.isNaN(area) || area < HIGH_CONFIDENCE_AREA ? "low" : "high";
        return new Metrics(circularity, area, confidence);
    }

    /**
     * The corrected profile's contour metrics (docs/science.md): those of the object itself, whatever else the cut-out
     * holds. The reference's scaling and "last contour" let a brighter neighbour in the cut-out decide both: its peak
     * sets the 0–255 scale, so the object barely reaches the thresholds, and its region may be the one listed last.
     * Here the {@code size}-px cut-out is scaled from its minimum to the object's own peak (the brightest pixel within
     * {@value #OWN_PEAK_RADIUS_PX} px of (x, y)), brighter pixels clipped to 255, and at each threshold only the
     * 8-connected region holding the object's centre pixel is traced; the highest threshold at which that region
     * gives a valid contour (area &gt; 7, as the reference) wins. For an isolated object this is the reference's
     * measure: its own peak is the cut-out's maximum and its region the only one.
     *
     * @return metrics with NaN circularity/area when the object's region gives no valid contour
     */
    public static Metrics measureOwn(PixelImage tile, double x, double y, int size, int[] thresholds) {
        PixelImage.Cutout cutout = tile.cutoutAround(x, y, size);
        PixelImage cut = cutout.image();
        int cx = (int) Math.round(x - cutout.originX());
        int cy = (int) Math.round(y - cutout.originY());
        double min = Double.POSITIVE_INFINITY;
        double peak = Double.NEGATIVE_INFINITY;
        for (int yy = 0; yy < cut.height(); yy++) {
            for (int xx = 0; xx < cut.width(); xx++) {
                double v = cut.get(xx, yy);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    if (Math.hypot(xx - cx, yy - cy) <= OWN_PEAK_RADIUS_PX) {
                        peak = Math.max(peak, v);
                    }
                }
            }
        }
        if (!(peak > min) || cx < 0 || cy < 0 || cx >= cut.width() || cy >= cut.height()) {
            return new Metrics(Double.NaN, Double.NaN, "low");
        }
        double floor = min;
        double scale = 255.0 / (peak - min);
        return lastValidContour(thresholds, t -> {
            boolean[][] above = new boolean[cut.height()][cut.width()];
            for (int yy = 0; yy < cut.height(); yy++) {
                for (int xx = 0; xx < cut.width(); xx++) {
                    double v = cut.get(xx, yy);
                    above[yy][xx] = Double.isFinite(v) && Math.max(0, Math.min(255, Math.rint((v - floor) * scale))) > t;
                }
            }
            return regionAt(above, cx, cy);
        });
    }

    /** The 8-connected region of {@code mask} holding (x, y); empty when that pixel is background. */
    static boolean[][] regionAt(boolean[][] mask, int x, int y) {
        int h = mask.length;
        int w = mask[0].length;
        boolean[][] region = new boolean[h][w];
        if (!mask[y][x]) {
            return region;
        }
        java.util.ArrayDeque<int[]> queue = new java.util.ArrayDeque<>();
        region[y][x] = true;
        queue.add(new int[] {x, y});
        while (!queue.isEmpty()) {
            int[] p = queue.poll();
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = p[0] + dx;
                    int ny = p[1] + dy;
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h && mask[ny][nx] && !region[ny][nx]) {
                        region[ny][nx] = true;
                        queue.add(new int[] {nx, ny});
                    }
                }
            }
        }
        return region;
    }

    static int[][] toUint8(PixelImage image) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : image.data()) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double scale = max > min ? 255.0 / (max - min) : 0.0;
        int[][] out = new int[image.height()][image.width()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                double v = image.get(x, y);
                out[y][x] = Double.isFinite(v) ? (int) Math.max(0, Math.min(255, Math.rint((v - min) * scale))) : 0;
            }
        }
        return out;
    }

    /** Shoelace area of the closed polygon through the points. */
    static double area(int[][] points) {
        double twice = 0;
        for (int i = 0; i < points.length; i++) {
            int[] a = points[i];
            int[] b = points[(i + 1) % points.length];
            twice += (double) a[0] * b[1] - (double) b[0] * a[1];
        }
        return Math.abs(twice) / 2.0;
    }

    /** Length of the closed polyline through the points. */
    static double perimeter(int[][] points) {
        if (points.length < 2) {
            return 0;
        }
        double length = 0;
        for (int i = 0; i < points.length; i++) {
            int[] a = points[i];
            int[] b = points[(i + 1) % points.length];
            length += Math.hypot(b[0] - a[0], b[1] - a[1]);
        }
        return length;
    }

    /**
     * Contour metrics.
     *
     * @param circularity 4πA/P², 1 for a circle (NaN without a valid contour)
     * @param area        contour area, px²
     * @param confidence  "low" when the area is under 100 px² or missing, else "high"
     */
    public record Metrics(double circularity, double area, String confidence) {
    }
}
