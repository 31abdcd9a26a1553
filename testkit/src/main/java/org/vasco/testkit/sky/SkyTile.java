package org.vasco.testkit.sky;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.tile.TileId;

/**
 * One rendered synthetic cut-out: the FITS file, the truth of every object on it, the catalogue
 * neighbourhoods around its centre and the SkyBoT-style asteroid list. Thread-safe; the
 * neighbourhoods are computed on demand from the sky (any radius: the sky beyond the image is there
 * too), deterministically.
 */
public final class SkyTile {

    public static final String TRUTH_FILE = "truth.csv";
    /** Radius of the bright-star list the spike cut uses (SPEC §6.8: 0.75°). */
    public static final double BRIGHT_STAR_RADIUS_ARCMIN = 45.0;
    /** Largest cone served (3°; the reference never asks for more than 45.43′). */
    public static final double MAX_NEIGHBOURHOOD_RADIUS_ARCMIN = 180.0;

    private final SyntheticSky sky;
    private final Plate plate;
    private final PlateEpoch epoch;
    private final CutoutWcs wcs;
    private final byte[] fits;
    private final List<TruthObject> truth;
    private final List<KnownAsteroid> asteroids;
    private final StarField field;

    SkyTile(SyntheticSky sky, Plate plate, PlateEpoch epoch, CutoutWcs wcs, byte[] fits, List<TruthObject> truth,
            List<KnownAsteroid> asteroids, StarField field) {
        this.sky = sky;
        this.plate = plate;
        this.epoch = epoch;
        this.wcs = wcs;
        this.fits = fits;
        this.truth = List.copyOf(truth);
        this.asteroids = List.copyOf(asteroids);
        this.field = field;
    }

    /** The complete FITS file (a copy). */
    public byte[] fits() {
        return fits.clone();
    }

    /** Every object whose centre lies on the image, in rendering order (sky, artefacts, asteroids, vanishing). */
    public List<TruthObject> truth() {
        return truth;
    }

    public List<TruthObject> truth(TruthKind kind) {
        return truth.stream().filter(t -> t.kind() == kind).toList();
    }

    /** The minor planets on the cut-out at the plate epoch, as a SkyBoT cone search would list them. */
    public List<KnownAsteroid> asteroids() {
        return asteroids;
    }

    /**
     * The catalogue's sources within {@code radiusArcmin} of the cut-out centre, positions at the
     * catalogue's own epoch, nearest first, in the column layout of {@link Catalogue#columns()} and
     * formatted as the service returns them. Contains the stars (and galaxies, per catalogue) but never
     * artefacts, asteroids or vanishing sources.
     */
    public synchronized CatalogueNeighbourhood neighbourhood(Catalogue catalogue, double radiusArcmin) {
        Objects.requireNonNull(catalogue, "catalogue");
        if (!(radiusArcmin > 0 && radiusArcmin <= MAX_NEIGHBOURHOOD_RADIUS_ARCMIN)) {
            throw new IllegalArgumentException("Neighbourhood radius " + radiusArcmin + " arcmin must be within (0, "
                    + MAX_NEIGHBOURHOOD_RADIUS_ARCMIN + "]");
        }
        // Proper motions move sources by up to ~16" between J2000 and J2016: widen the cone, then cut exactly.
        List<SkySource> sources = field.cone(wcs.centreRaDeg(), wcs.centreDecDeg(), radiusArcmin / 60.0 + 0.01);
        return CatalogueRows.neighbourhood(catalogue, sources, wcs.centreRaDeg(), wcs.centreDecDeg(), radiusArcmin);
    }

    /** Step 4's default fetch radius for this cut-out: size·√2/2 + 3′ (45.43′ for 60′, SPEC §6.1). */
    public double defaultNeighbourhoodRadiusArcmin() {
        return wcs.sizeArcmin() * Math.sqrt(2) / 2 + 3.0;
    }

    /**
     * Writes the FITS file ({@link #fitsFileName()}), {@code truth.csv} and the four neighbourhood CSVs
     * ({@link #neighbourhoodFileName}) into {@code dir}: Gaia, PS1 and USNO-B at
     * {@link #defaultNeighbourhoodRadiusArcmin()}, the PS1 bright stars at 45′. Each file appears
     * complete or not at all (written beside, then renamed).
     *
     * @return the FITS file's path
     */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path fitsPath = dir.resolve(fitsFileName());
        writeAtomically(fitsPath, fits);
        writeAtomically(dir.resolve(TRUTH_FILE), truthCsv().getBytes(StandardCharsets.UTF_8));
        for (Catalogue c : Catalogue.values()) {
            double radius = c == Catalogue.PS1_BRIGHT ? BRIGHT_STAR_RADIUS_ARCMIN : defaultNeighbourhoodRadiusArcmin();
            writeAtomically(dir.resolve(neighbourhoodFileName(c)),
                    neighbourhoodCsv(neighbourhood(c, radius)).getBytes(StandardCharsets.UTF_8));
        }
        return fitsPath;
    }

    /** The reference's neighbourhood file names (SPEC §4). */
    public static String neighbourhoodFileName(Catalogue catalogue) {
        return switch (catalogue) {
            case GAIA -> "gaia_neighbourhood.csv";
            case PS1 -> "ps1_neighbourhood.csv";
            case USNOB -> "usnob_neighbourhood.csv";
            case PS1_BRIGHT -> "ps1_bright_stars_r16_rad45.csv";
        };
    }

    /** The neighbourhood as the reference's CSV: header {@link Catalogue#columns()}, then the rows. */
    public static String neighbourhoodCsv(CatalogueNeighbourhood neighbourhood) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", neighbourhood.catalogue().columns())).append('\n');
        for (String[] row : neighbourhood.rows()) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(row[i] == null ? "" : row[i]);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** truth.csv: header {@link TruthObject#CSV_COLUMNS}, one row per object. */
    public String truthCsv() {
        StringBuilder b = new StringBuilder(String.join(",", TruthObject.CSV_COLUMNS)).append('\n');
        for (TruthObject t : truth) {
            b.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.8f,%.8f,%.3f,%.3f,%.3f,%.1f,%.2f,%.3f,%.3f,%.3f,%s\n",
                    t.id(), t.kind().label(), t.detail(), t.name(), t.raDeg(), t.decDeg(), t.xPixel(), t.yPixel(),
                    t.magnitude(), t.flux(), t.expectedSnr(), t.fwhmPixels(), t.pmRaMasYr(), t.pmDecMasYr(),
                    t.saturated()));
        }
        return b.toString();
    }

    /** {@code dss1-red_<ra 3dp>_<dec 3dp>_<size>arcmin.fits} with the requested size, as the reference names its downloads. */
    public String fitsFileName() {
        String size = BigDecimal.valueOf(Math.round(wcs.requestedSizeArcmin() * 1000) / 1000.0).stripTrailingZeros()
                .toPlainString();
        return String.format(Locale.ROOT, "dss1-red_%.3f_%.3f_%sarcmin.fits", wcs.centreRaDeg(), wcs.centreDecDeg(),
                size);
    }

    /** The plan tile id of this cut-out's centre. */
    public TileId tileId() {
        return TileId.fromCentre(wcs.centreRaDeg(), wcs.centreDecDeg());
    }

    public double centreRaDeg() {
        return wcs.centreRaDeg();
    }

    public double centreDecDeg() {
        return wcs.centreDecDeg();
    }

    /** Side of the image actually rendered (a whole number of 1.7″ pixels), arcmin. */
    public double sizeArcmin() {
        return wcs.sizeArcmin();
    }

    public int naxis() {
        return wcs.naxis();
    }

    public double pixelScaleArcsec() {
        return wcs.scaleArcsec();
    }

    /** Reference pixel of the TAN solution (both axes), FITS convention. */
    public double crpix() {
        return wcs.crpix();
    }

    /** FITS pixel {x, y} of a sky position under the cut-out's TAN solution. */
    public double[] toPixel(double raDeg, double decDeg) {
        return wcs.toPixel(wcs.projection(), raDeg, decDeg);
    }

    /** Sky position {ra, dec} of a FITS pixel under the cut-out's TAN solution. */
    public double[] toSky(double x, double y) {
        return wcs.toSky(wcs.projection(), x, y);
    }

    public Plate plate() {
        return plate;
    }

    public PlateEpoch plateEpoch() {
        return epoch;
    }

    public SyntheticSky sky() {
        return sky;
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temp, content);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
