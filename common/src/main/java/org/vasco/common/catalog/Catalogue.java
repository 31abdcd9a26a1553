package org.vasco.common.catalog;

import java.util.List;
import java.util.Locale;

/**
 * The modern catalogues a plate detection is vetoed against, with the columns of SPEC §6.3 and §6.8:
 * the names the service returns ({@link #serviceColumns()}) and the names of the reference pipeline's
 * neighbourhood CSV files ({@link #columns()}), position for position.
 */
public enum Catalogue {
    GAIA("I/355/gaiadr3", 2016.0,
            List.of("RA_ICRS", "DE_ICRS", "Gmag", "BPmag", "RPmag", "pmRA", "pmDE", "Plx", "_r"),
            List.of("ra", "dec", "Gmag", "BPmag", "RPmag", "pmRA", "pmDE", "Plx", "_r")),
    PS1("II/389/ps1_dr2", Double.NaN,
            List.of("objID", "RAJ2000", "DEJ2000", "Nd", "gmag", "rmag", "imag", "zmag", "ymag", "_r"),
            List.of("objID", "ra", "dec", "Nd", "gmag", "rmag", "imag", "zmag", "ymag", "_r")),
    USNOB("I/284/out", 2000.0,
            List.of("RAJ2000", "DEJ2000", "R1mag", "R2mag", "B1mag", "B2mag", "Imag", "pmRA", "pmDE", "_r"),
            List.of("ra", "dec", "R1mag", "R2mag", "B1mag", "B2mag", "Imag", "pmRA", "pmDE", "_r")),
    /** PS1 DR2 stars with r ≤ 16 from the MAST API, for the diffraction-spike cut (SPEC §6.8). */
    PS1_BRIGHT("panstarrs/dr2/mean", Double.NaN,
            List.of("objName", "raMean", "decMean", "rMeanPSFMag", "nDetections"),
            List.of("ra", "dec", "rmag"));

    private final String source;
    private final double epoch;
    private final List<String> serviceColumns;
    private final List<String> columns;

    Catalogue(String source, double epoch, List<String> serviceColumns, List<String> columns) {
        this.source = source;
        this.epoch = epoch;
        this.serviceColumns = serviceColumns;
        this.columns = columns;
    }

    /** VizieR source id, or the MAST catalogue path. */
    public String source() {
        return source;
    }

    /** Epoch of the positions (decimal year), NaN when the catalogue has no proper motions to propagate. */
    public double epoch() {
        return epoch;
    }

    /** PS1 DR2 observed from Hawaii down to Dec −30°; the other catalogues cover the whole sky. */
    public static final double PS1_SOUTH_LIMIT_DEG = -30.0;

    /** True when the catalogue covers a cone centred at {@code decDeg}; PS1 south of −30° is legitimately empty. */
    public boolean covers(double decDeg) {
        return (this != PS1 && this != PS1_BRIGHT) || decDeg >= PS1_SOUTH_LIMIT_DEG;
    }

    public boolean hasProperMotions() {
        return !Double.isNaN(epoch);
    }

    public List<String> serviceColumns() {
        return serviceColumns;
    }

    /** Column names of the neighbourhood table as the reference writes them ({@code ra}, {@code dec}, …). */
    public List<String> columns() {
        return columns;
    }

    /** Lower-case name used in storage paths, the cache table and the CLI (gaia, ps1, usnob, ps1bright). */
    public String label() {
        return this == PS1_BRIGHT ? "ps1bright" : name().toLowerCase(Locale.ROOT);
    }

    public static Catalogue fromLabel(String label) {
        for (Catalogue c : values()) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown catalogue '" + label + "': expected gaia, ps1, usnob or ps1bright");
    }
}
