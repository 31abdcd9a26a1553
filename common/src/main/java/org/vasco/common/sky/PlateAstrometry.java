package org.vasco.common.sky;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;

import nom.tam.fits.Header;

/**
 * Pixel ↔ sky for a POSS-I plate image, from whichever astrometric solution its FITS header
 * carries: the explicit CD-matrix TAN WCS (CRPIX/CRVAL/CD, what SExtractor uses) or the DSS/GSSS
 * plate polynomial (PLTRA…, PPO, AMDX/AMDY, CNPIX, XPIXELSZ/YPIXELSZ), which SExtractor ignores.
 * STScI cut-outs carry both; full-plate scans and older cut-outs only the polynomial. Where both
 * exist the CD solution is the right one to agree with SExtractor's ALPHA/DELTA (and with Gaia,
 * SPEC §12): {@link Solution#AUTO} prefers it and falls back to the polynomial.
 *
 * <p>Pixels are FITS 1-based with the first pixel's centre at (1, 1), as SExtractor's X_IMAGE.
 * Instances are immutable and thread-safe.
 *
 * @see SolutionOffsets for how far the two solutions of one header disagree
 */
public final class PlateAstrometry {

    /** Which astrometric solution of a header to use. */
    public enum Solution {
        /** The CD solution when the header has one, else the DSS plate polynomial. */
        AUTO,
        /** The explicit CD-matrix (or CDELT/PC/CROTA2) TAN WCS. */
        CD,
        /** The DSS/GSSS plate polynomial. */
        DSS
    }

    private final Solution solution;
    private final PlateSolution model;
    private final OptionalDouble naxis1;
    private final OptionalDouble naxis2;
    private final String source;

    private PlateAstrometry(Solution solution, PlateSolution model, HeaderValues header) {
        this.source = header.source();
        this.solution = solution;
        this.model = model;
        this.naxis1 = positiveAxis(header, "NAXIS1");
        this.naxis2 = positiveAxis(header, "NAXIS2");
    }

    /**
     * The astrometry of a header.
     *
     * @param choice which solution; {@code AUTO} picks the CD one when the header has all of its
     *               keywords (CTYPE1/2, CRPIX1/2, CRVAL1/2 and a CD matrix or CDELT1/2), else the
     *               DSS one — a header with only some CD keywords (e.g. a bare CRVAL1/2 pointing) is
     *               treated as having no CD solution
     * @throws AstrometryHeaderException when the chosen solution is absent (the message and
     *                                   {@link AstrometryHeaderException#missingKeys()} name the
     *                                   missing keywords) or its keywords are not finite numbers,
     *                                   out of range or contradictory
     */
    public static PlateAstrometry of(HeaderValues header, Solution choice) {
        return switch (choice) {
            case CD -> new PlateAstrometry(Solution.CD, CdMatrixWcs.from(header), header);
            case DSS -> new PlateAstrometry(Solution.DSS, DssPlatePolynomial.from(header), header);
            case AUTO -> auto(header);
        };
    }

    /** The astrometry of a nom-tam-fits header; {@code source} names it in error messages. */
    public static PlateAstrometry of(Header header, String source, Solution choice) {
        return of(HeaderValues.of(header, source), choice);
    }

    /** The astrometry of a keyword → value map (e.g. a header JSON); {@code source} names it. */
    public static PlateAstrometry of(Map<String, ?> header, String source, Solution choice) {
        return of(HeaderValues.of(header, source), choice);
    }

    private static PlateAstrometry auto(HeaderValues header) {
        List<String> missingCd = CdMatrixWcs.missingKeys(header);
        if (missingCd.isEmpty()) {
            return of(header, Solution.CD);
        }
        List<String> missingDss = DssPlatePolynomial.missingKeys(header);
        if (missingDss.isEmpty()) {
            return of(header, Solution.DSS);
        }
        throw new AstrometryHeaderException(header.source() + " has no astrometric solution: the CD-matrix WCS lacks "
                + missingCd + " and the DSS plate polynomial lacks " + missingDss,
                Stream.concat(missingCd.stream(), missingDss.stream()).toList());
    }

    /**
     * The solutions whose keywords are all present ({@code CD}, {@code DSS}, both or neither).
     * Presence only: the values are checked when the astrometry is built.
     */
    public static Set<Solution> availableSolutions(HeaderValues header) {
        Set<Solution> available = EnumSet.noneOf(Solution.class);
        if (CdMatrixWcs.missingKeys(header).isEmpty()) {
            available.add(Solution.CD);
        }
        if (DssPlatePolynomial.missingKeys(header).isEmpty()) {
            available.add(Solution.DSS);
        }
        return available;
    }

    /**
     * For a header that carries both solutions, how far apart they put the image centre and the
     * four corner pixels (the download registry records this; SPEC §12 two-WCS note).
     *
     * @return empty when the header lacks either solution
     * @throws AstrometryHeaderException when a solution's keywords are present but unusable, or
     *                                   NAXIS1/NAXIS2 are missing
     */
    public static Optional<SolutionOffsets> solutionOffsets(HeaderValues header) {
        if (!availableSolutions(header).containsAll(EnumSet.of(Solution.CD, Solution.DSS))) {
            return Optional.empty();
        }
        PlateAstrometry cd = of(header, Solution.CD);
        PlateAstrometry dss = of(header, Solution.DSS);
        double n1 = requireAxis(cd.naxis1, "NAXIS1", header);
        double n2 = requireAxis(cd.naxis2, "NAXIS2", header);
        return Optional.of(new SolutionOffsets(
                cd.offsetArcsec(dss, (n1 + 1) / 2, (n2 + 1) / 2),
                cd.offsetArcsec(dss, 1, 1),
                cd.offsetArcsec(dss, n1, 1),
                cd.offsetArcsec(dss, 1, n2),
                cd.offsetArcsec(dss, n1, n2)));
    }

    private double offsetArcsec(PlateAstrometry other, double x, double y) {
        return pixelToSky(x, y).separationArcsec(other.pixelToSky(x, y));
    }

    private static double requireAxis(OptionalDouble axis, String key, HeaderValues header) {
        if (axis.isEmpty()) {
            throw new AstrometryHeaderException(header.source() + ": keyword " + key + " is missing", List.of(key));
        }
        return axis.getAsDouble();
    }

    private static OptionalDouble positiveAxis(HeaderValues header, String key) {
        OptionalDouble value = header.number(key);
        if (value.isPresent() && value.getAsDouble() < 1) {
            throw new AstrometryHeaderException(header.source() + ": " + key + " = " + value.getAsDouble()
                    + " is not an image size");
        }
        return value;
    }

    /** The solution in use: {@code CD} or {@code DSS}, never {@code AUTO}. */
    public Solution solution() {
        return solution;
    }

    /** The sky position of a FITS 1-based pixel position. */
    public SkyPosition pixelToSky(double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("Not a pixel position: (" + x + ", " + y + ")");
        }
        return model.pixelToSky(x, y);
    }

    public SkyPosition pixelToSky(PixelPosition pixel) {
        return model.pixelToSky(pixel.x(), pixel.y());
    }

    /**
     * The FITS 1-based pixel position of a sky position (it may lie outside the image).
     *
     * @throws IllegalArgumentException when the position is 90° or more from the projection's
     *                                  tangent point, or the plate polynomial cannot be inverted there
     */
    public PixelPosition skyToPixel(double raDeg, double decDeg) {
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg) || Math.abs(decDeg) > 90.0) {
            throw new IllegalArgumentException("Not a sky position: RA " + raDeg + ", Dec " + decDeg);
        }
        return model.skyToPixel(raDeg, decDeg);
    }

    public PixelPosition skyToPixel(SkyPosition sky) {
        return model.skyToPixel(sky.raDeg(), sky.decDeg());
    }

    /**
     * The pixel scale in arcseconds per pixel: sqrt|det CD| for the CD solution; for the plate
     * polynomial, from its Jacobian at the image centre (NAXIS1/2), or at the plate centre when the
     * header gives no image size. This is measured, unlike the registry's nominal 1.700″/px, so it
     * also tells 15 µm scans (~1.0″/px) from 25 µm ones (~1.7″/px).
     */
    public double pixelScaleArcsec() {
        if (naxis1.isPresent() && naxis2.isPresent()) {
            return model.pixelScaleArcsec((naxis1.getAsDouble() + 1) / 2, (naxis2.getAsDouble() + 1) / 2);
        }
        if (model instanceof DssPlatePolynomial dss) {
            PixelPosition centre = dss.skyToPixel(dss.plateCentre().raDeg(), dss.plateCentre().decDeg());
            return model.pixelScaleArcsec(centre.x(), centre.y());
        }
        return model.pixelScaleArcsec(1, 1);
    }

    /** For logs: the solution, the header's source and the pixel scale. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PlateAstrometry[%s of %s, %.3f arcsec/px]",
                solution == Solution.CD ? "CD-matrix TAN WCS" : "DSS plate polynomial", source, pixelScaleArcsec());
    }
}
