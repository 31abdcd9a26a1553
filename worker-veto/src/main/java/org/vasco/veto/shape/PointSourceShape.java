package org.vasco.veto.shape;

/**
 * The pixel shape of one object as the corrected profile's S0S compares it with stars (docs/science.md): the
 * circularity of the object's own contour ({@link ContourShape#measureOwn}) and the radial profile, each annulus's
 * area-weighted median ({@link RadialProfile#medianOf}: light in one sector, a neighbour's, hardly moves it), of the
 * scan's own, positive pixels — stars are bright on a DSS scan, so nothing is inverted — after subtracting the local
 * background, the 3σ-clipped median of the annulus {@value #BACKGROUND_INNER_PX}–{@value #BACKGROUND_OUTER_PX} px around the
 * object, scaled from its minimum to the object's own peak ({@link RadialProfile#normalisedToCore}). Both measure the
 * object, not a brighter neighbour within the cut-out or the profile's reach, as the reference's min–max scalings do.
 *
 * @param circularity 4πA/P² of the object's own contour (NaN without one)
 * @param profile     the normalised radial profile over the reference's edges 0, 0.5, …, 14.5 px
 */
public record PointSourceShape(double circularity, double[] profile) {

    static final int BACKGROUND_INNER_PX = 15;
    static final int BACKGROUND_OUTER_PX = 30;
    static final int TINY_CUTOUT_PX = 21;
    static final int[] THRESHOLDS = {21, 45};
    /** The object's peak is the highest of the profile's bins within 1.5 px of its centre (0–0.5, 0.5–1, 1–1.5 px). */
    static final int CORE_BINS = 3;

    public PointSourceShape {
        profile = profile.clone();
    }

    @Override
    public double[] profile() {
        return profile.clone();
    }

    /** The shape of the object at 0-based (x, y) of the tile. */
    public static PointSourceShape of(PixelImage tile, double x, double y) {
        ContourShape.Metrics contour = ContourShape.measureOwn(tile, x, y, TINY_CUTOUT_PX, THRESHOLDS);
        PixelImage.Cutout cut = tile.cutoutAround(x, y, 2 * BACKGROUND_OUTER_PX + 1);
        double cx = x - cut.originX();
        double cy = y - cut.originY();
        double background = annulusBackground(cut.image(), cx, cy);
        double[] data = cut.image().data().clone();
        for (int i = 0; i < data.length; i++) {
            data[i] -= background;
        }
        PixelImage positive = new PixelImage(cut.image().width(), cut.image().height(), data);
        double[] profile = RadialProfile.normalisedToCore(RadialProfile.medianOf(positive, cx, cy, RadialProfile.referenceEdges()),
                CORE_BINS);
        return new PointSourceShape(contour.circularity(), profile);
    }

    private static double annulusBackground(PixelImage cut, double cx, double cy) {
        double[] values = new double[cut.data().length];
        int n = 0;
        for (int yy = 0; yy < cut.height(); yy++) {
            for (int xx = 0; xx < cut.width(); xx++) {
                double r = Math.hypot(xx - cx, yy - cy);
                double v = cut.get(xx, yy);
                if (r >= BACKGROUND_INNER_PX && r <= BACKGROUND_OUTER_PX && Double.isFinite(v)) {
                    values[n++] = v;
                }
            }
        }
        return n == 0 ? 0.0 : Background2D.clippedMedian(java.util.Arrays.copyOf(values, n));
    }
}
