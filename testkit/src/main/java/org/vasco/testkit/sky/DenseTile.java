package org.vasco.testkit.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.sky.TanProjection;

/**
 * The inputs of step 4 for a crowded tile, at a chosen size, for memory and speed measurements: catalogue
 * neighbourhoods of Gaia, PS1 and USNO-B with about {@code catalogueSources} rows each (stars uniform over
 * the cone, all bright enough for every catalogue, rows in the exact text layout the synthetic archives
 * serve), the PS1 bright-star list of that sky, and {@code detections} plate positions inside the tile's
 * circle, most of them stars of that sky seen at the plate epoch, the rest unmatched. Same arguments,
 * same tile.
 *
 * @param gaia           Gaia DR3 neighbourhood
 * @param ps1            PS1 DR2 neighbourhood
 * @param usnob          USNO-B1.0 neighbourhood
 * @param brightStars    PS1 stars with r ≤ 16 in the cone
 * @param detectionRa    plate positions (J2000 frame, plate epoch), degrees
 * @param detectionDec   plate positions, degrees
 */
public record DenseTile(CatalogueNeighbourhood gaia, CatalogueNeighbourhood ps1, CatalogueNeighbourhood usnob,
                        CatalogueNeighbourhood brightStars, double[] detectionRa, double[] detectionDec) {

    /** Share of the detections that are catalogue stars. */
    public static final double MATCHED_SHARE = 0.9;

    /**
     * Generates a tile.
     *
     * @param centreRaDeg          tile centre
     * @param centreDecDeg         tile centre
     * @param neighbourhoodArcmin  cone radius of the neighbourhoods
     * @param circleArcmin         radius of the circle the detections fall in (step 4's circle cut)
     * @param plateEpoch           decimal year the detections were seen at
     * @throws IllegalArgumentException when a count is not positive or the circle exceeds the cone
     */
    public static DenseTile generate(double centreRaDeg, double centreDecDeg, double neighbourhoodArcmin,
                                     double circleArcmin, int catalogueSources, int detections, double plateEpoch,
                                     long seed) {
        if (catalogueSources <= 0 || detections <= 0 || !(circleArcmin > 0) || circleArcmin > neighbourhoodArcmin) {
            throw new IllegalArgumentException("need positive counts and a circle inside the cone, found " + catalogueSources
                    + " sources, " + detections + " detections, circle " + circleArcmin + "′, cone " + neighbourhoodArcmin + "′");
        }
        SplittableRandom random = new SplittableRandom(SkySeeds.mix(seed, SkySeeds.code("dense-tile")));
        TanProjection tangent = new TanProjection(centreRaDeg, centreDecDeg);
        double coneDeg = neighbourhoodArcmin / 60.0;
        List<SkySource> sources = new ArrayList<>(catalogueSources);
        List<SkySource> inCircle = new ArrayList<>();
        for (int i = 0; i < catalogueSources; i++) {
            double[] offset = inDisc(random, coneDeg);
            double[] p = tangent.deproject(offset[0], offset[1]);
            double mag = magnitude(random);
            double colour = 0.4 + 1.6 * random.nextDouble();
            double pmRa = 8.0 * gaussian(random);
            double pmDec = 8.0 * gaussian(random);
            SkySource s = new SkySource("dense-" + i, TruthKind.STAR, p[0], p[1], pmRa, pmDec,
                    Math.max(0.02, 0.1 * Math.hypot(pmRa, pmDec)), mag, colour, 0, 1, 0, random.nextLong());
            sources.add(s);
            if (Math.hypot(offset[0], offset[1]) * 60.0 < circleArcmin * 0.98) {
                inCircle.add(s);
            }
        }
        double[] ra = new double[detections];
        double[] dec = new double[detections];
        double circleDeg = circleArcmin * 0.98 / 60.0;
        for (int i = 0; i < detections; i++) {
            if (!inCircle.isEmpty() && random.nextDouble() < MATCHED_SHARE) {
                SkySource s = inCircle.get(random.nextInt(inCircle.size()));
                double[] p = s.positionAt(plateEpoch);
                // plate astrometry is good to about half an arcsecond
                ra[i] = p[0] + 0.5 / 3600.0 * gaussian(random) / Math.cos(Math.toRadians(p[1]));
                dec[i] = p[1] + 0.5 / 3600.0 * gaussian(random);
            } else {
                double[] offset = inDisc(random, circleDeg);
                double[] p = tangent.deproject(offset[0], offset[1]);
                ra[i] = p[0];
                dec[i] = p[1];
            }
        }
        return new DenseTile(
                CatalogueRows.neighbourhood(Catalogue.GAIA, sources, centreRaDeg, centreDecDeg, neighbourhoodArcmin),
                CatalogueRows.neighbourhood(Catalogue.PS1, sources, centreRaDeg, centreDecDeg, neighbourhoodArcmin),
                CatalogueRows.neighbourhood(Catalogue.USNOB, sources, centreRaDeg, centreDecDeg, neighbourhoodArcmin),
                CatalogueRows.neighbourhood(Catalogue.PS1_BRIGHT, sources, centreRaDeg, centreDecDeg, neighbourhoodArcmin),
                ra, dec);
    }

    /**
     * A red magnitude between 12 and 20.5 from star counts rising by a factor 2 per magnitude (about right at
     * mid galactic latitude), so a few percent of the sources are bright enough for the bright-star list.
     */
    private static double magnitude(SplittableRandom random) {
        double slope = Math.log(2.0);
        double span = 8.5;
        double u = random.nextDouble();
        return 20.5 + Math.log(u + (1 - u) * Math.exp(-slope * span)) / slope;
    }

    /** A point uniform in a disc of the tangent plane, {xi, eta} in degrees. */
    private static double[] inDisc(SplittableRandom random, double radiusDeg) {
        double r = radiusDeg * Math.sqrt(random.nextDouble());
        double angle = 2 * Math.PI * random.nextDouble();
        return new double[] {r * Math.cos(angle), r * Math.sin(angle)};
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
