package org.vasco.common.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The explicit FITS WCS of a TAN image — CRPIX, CRVAL and a linear transform — read the way
 * SExtractor reads it. The linear transform is the CD matrix when any CDi_j is present (missing
 * elements are 0, FITS Paper I), otherwise CDELTi times the PC matrix (identity by default) or,
 * in the old AIPS style, CDELTi with the rotation CROTA2.
 *
 * <p>Only the standard gnomonic projection is accepted: CTYPE1 = RA---TAN, CTYPE2 = DEC--TAN and no
 * LONPOLE other than 180 (the default for a zenithal projection), which is what the DSS cut-outs
 * carry; anything else is refused rather than evaluated wrongly.
 */
final class CdMatrixWcs implements PlateSolution {

    /** Keywords without which there is no CD-style solution at all. */
    static final List<String> REQUIRED = List.of("CTYPE1", "CTYPE2", "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2");
    private static final List<String> CD_KEYS = List.of("CD1_1", "CD1_2", "CD2_1", "CD2_2");
    private static final List<String> CDELT_KEYS = List.of("CDELT1", "CDELT2");

    private final double crpix1;
    private final double crpix2;
    private final double cd11;
    private final double cd12;
    private final double cd21;
    private final double cd22;
    private final double determinant;
    private final TanProjection projection;

    private CdMatrixWcs(double crpix1, double crpix2, double[] cd, TanProjection projection, String source) {
        this.crpix1 = crpix1;
        this.crpix2 = crpix2;
        this.cd11 = cd[0];
        this.cd12 = cd[1];
        this.cd21 = cd[2];
        this.cd22 = cd[3];
        this.determinant = cd11 * cd22 - cd12 * cd21;
        if (determinant == 0.0 || !Double.isFinite(determinant)) {
            throw new AstrometryHeaderException(source + ": the CD matrix [" + cd11 + ", " + cd12 + "; " + cd21 + ", "
                    + cd22 + "] is singular, so pixels cannot be mapped to the sky");
        }
        this.projection = projection;
    }

    /** The keywords this header lacks for a CD-style solution; empty when it has one. */
    static List<String> missingKeys(HeaderValues header) {
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED) {
            if (!header.has(key)) {
                missing.add(key);
            }
        }
        boolean hasCd = CD_KEYS.stream().anyMatch(header::has);
        if (!hasCd) {
            for (String key : CDELT_KEYS) {
                if (!header.has(key)) {
                    missing.add(key.equals("CDELT1") ? "CD1_1 (or CDELT1)" : "CD2_2 (or CDELT2)");
                }
            }
        }
        return missing;
    }

    /**
     * Reads the solution.
     *
     * @throws AstrometryHeaderException when keywords are missing, not finite, or describe a
     *                                   projection other than TAN or a singular matrix
     */
    static CdMatrixWcs from(HeaderValues header) {
        List<String> missing = missingKeys(header);
        if (!missing.isEmpty()) {
            throw new AstrometryHeaderException(header.source() + " has no CD-matrix TAN WCS: missing " + missing,
                    missing);
        }
        String ctype1 = header.text("CTYPE1").orElseThrow().toUpperCase(Locale.ROOT);
        String ctype2 = header.text("CTYPE2").orElseThrow().toUpperCase(Locale.ROOT);
        if (!ctype1.equals("RA---TAN") || !ctype2.equals("DEC--TAN")) {
            throw new AstrometryHeaderException(header.source() + ": CTYPE1/CTYPE2 = '" + ctype1 + "'/'" + ctype2
                    + "'; only RA---TAN/DEC--TAN is supported");
        }
        OptionalDouble lonpole = header.number("LONPOLE");
        if (lonpole.isPresent() && lonpole.getAsDouble() != 180.0) {
            throw new AstrometryHeaderException(header.source() + ": LONPOLE = " + lonpole.getAsDouble()
                    + "; only the TAN default of 180 is supported");
        }
        double crval2 = header.requireNumber("CRVAL2");
        if (Math.abs(crval2) > 90.0) {
            throw new AstrometryHeaderException(header.source() + ": CRVAL2 = " + crval2 + " is not a declination");
        }
        TanProjection projection = new TanProjection(header.requireNumber("CRVAL1"), crval2);
        return new CdMatrixWcs(header.requireNumber("CRPIX1"), header.requireNumber("CRPIX2"), linearTransform(header),
                projection, header.source());
    }

    private static double[] linearTransform(HeaderValues header) {
        if (CD_KEYS.stream().anyMatch(header::has)) {
            return new double[] {header.number("CD1_1").orElse(0.0), header.number("CD1_2").orElse(0.0),
                    header.number("CD2_1").orElse(0.0), header.number("CD2_2").orElse(0.0)};
        }
        double cdelt1 = header.requireNumber("CDELT1");
        double cdelt2 = header.requireNumber("CDELT2");
        boolean hasPc = List.of("PC1_1", "PC1_2", "PC2_1", "PC2_2").stream().anyMatch(header::has);
        if (hasPc) {
            return new double[] {cdelt1 * header.number("PC1_1").orElse(1.0), cdelt1 * header.number("PC1_2").orElse(0.0),
                    cdelt2 * header.number("PC2_1").orElse(0.0), cdelt2 * header.number("PC2_2").orElse(1.0)};
        }
        double rho = Math.toRadians(header.number("CROTA2").orElse(0.0));
        return new double[] {cdelt1 * Math.cos(rho), -cdelt2 * Math.sin(rho),
                cdelt1 * Math.sin(rho), cdelt2 * Math.cos(rho)};
    }

    @Override
    public SkyPosition pixelToSky(double x, double y) {
        double dx = x - crpix1;
        double dy = y - crpix2;
        double[] radec = projection.deproject(cd11 * dx + cd12 * dy, cd21 * dx + cd22 * dy);
        return new SkyPosition(radec[0], radec[1]);
    }

    @Override
    public PixelPosition skyToPixel(double raDeg, double decDeg) {
        double[] xiEta = projection.project(raDeg, decDeg);
        double dx = (cd22 * xiEta[0] - cd12 * xiEta[1]) / determinant;
        double dy = (-cd21 * xiEta[0] + cd11 * xiEta[1]) / determinant;
        return new PixelPosition(crpix1 + dx, crpix2 + dy);
    }

    @Override
    public double pixelScaleArcsec(double x, double y) {
        return Math.sqrt(Math.abs(determinant)) * SkyGeometry.ARCSEC_PER_DEG;
    }
}
