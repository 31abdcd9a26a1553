package org.vasco.testkit.sky;

import java.util.List;
import java.util.Objects;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.tile.TileId;

/**
 * The synthetic sky's configuration, and the renderer of its POSS-I-like cut-outs. Immutable and
 * thread-safe; each {@code render} call works on its own state.
 *
 * <p>Determinism: the same configuration, plate, centre and size give byte-identical FITS files,
 * truth and neighbourhoods on every run and JVM. Stars and galaxies depend on the seed only (see
 * {@link StarField}); the plate's exposure (noise, background, blemishes, vanishing sources, asteroids)
 * on the seed, plate, centre and size.
 *
 * @param seed           the sky's seed
 * @param sizeArcmin     side of the square cut-out {@link #render} produces (the reference downloads 60′)
 * @param wcsHeaders     which astrometric solutions the header carries
 * @param vanishingCount injected vanishing sources per cut-out (placed within 28′ of the centre)
 * @param asteroidCount  known asteroids per cut-out
 */
public record SyntheticSky(long seed, double sizeArcmin, WcsHeaders wcsHeaders, int vanishingCount,
                           int asteroidCount) {

    public static final double DEFAULT_SIZE_ARCMIN = 60.0;
    public static final int DEFAULT_VANISHING = 6;
    public static final int DEFAULT_ASTEROIDS = 3;
    /** Largest cut-out rendered (the DSS server's limit is similar). */
    public static final double MAX_SIZE_ARCMIN = 120.0;
    /**
     * DATE-OBS of the modern-epoch cut-outs ({@link #renderModernAt}): mid-way through the POSS-II red survey
     * (1985–2000) whose scans DSS2 red serves; 40 years after the POSS-I plates, so a high-proper-motion star
     * visibly moves.
     */
    public static final String MODERN_EPOCH = "1993-06-15T08:00:00";
    /** A cut-out must lie on (or near) its plate: POSS-I plates are 6.5° wide. */
    static final double MAX_PLATE_OFFSET_DEG = 8.0;

    public SyntheticSky {
        Objects.requireNonNull(wcsHeaders, "wcsHeaders");
        checkSize(sizeArcmin);
        if (vanishingCount < 0 || vanishingCount > 500) {
            throw new IllegalArgumentException("vanishingCount " + vanishingCount + " must be within 0..500");
        }
        if (asteroidCount < 0 || asteroidCount > 100) {
            throw new IllegalArgumentException("asteroidCount " + asteroidCount + " must be within 0..100");
        }
    }

    /** The default sky for a seed: 60′ cut-outs with the CD matrix only, 6 vanishing sources, 3 asteroids. */
    public static SyntheticSky withSeed(long seed) {
        return new SyntheticSky(seed, DEFAULT_SIZE_ARCMIN, WcsHeaders.CD_MATRIX, DEFAULT_VANISHING, DEFAULT_ASTEROIDS);
    }

    public SyntheticSky withSizeArcmin(double size) {
        return new SyntheticSky(seed, size, wcsHeaders, vanishingCount, asteroidCount);
    }

    public SyntheticSky withWcsHeaders(WcsHeaders headers) {
        return new SyntheticSky(seed, sizeArcmin, headers, vanishingCount, asteroidCount);
    }

    /** Adds (or removes) the DSS plate polynomial beside the CD matrix. */
    public SyntheticSky withDssPolynomial(boolean polynomial) {
        return withWcsHeaders(polynomial ? WcsHeaders.CD_MATRIX_AND_DSS_POLYNOMIAL : WcsHeaders.CD_MATRIX);
    }

    public SyntheticSky withVanishingCount(int count) {
        return new SyntheticSky(seed, sizeArcmin, wcsHeaders, count, asteroidCount);
    }

    public SyntheticSky withAsteroidCount(int count) {
        return new SyntheticSky(seed, sizeArcmin, wcsHeaders, vanishingCount, count);
    }

    /**
     * Renders the cut-out of a plan tile (centred on the tile id's position, {@link #sizeArcmin()} wide)
     * as taken on the given plate.
     *
     * @throws IllegalArgumentException when the plate is unknown or too far from the tile
     */
    public SkyTile render(TileId tile, String plateId) {
        Objects.requireNonNull(tile, "tile");
        return renderAt(tile.raDeg(), tile.decDeg(), sizeArcmin, plateId);
    }

    /**
     * Renders a cut-out around any centre, for position-addressed requests (the loopback DSS server).
     * Deterministic per (configuration, centre, size, plate); the configured size is not used.
     *
     * @throws IllegalArgumentException when the plate is unknown, the size out of range or the centre
     *                                  too far from the plate
     */
    public SkyTile renderAt(double raDeg, double decDeg, double sizeArcmin, String plateId) {
        checkSize(sizeArcmin);
        Plate plate = plate(plateId);
        double ra = SkyGeometry.normaliseRa(raDeg);
        checkCoverage(plate, ra, decDeg);
        return new CutoutRenderer(this, plate, CutoutWcs.of(ra, decDeg, sizeArcmin)).render();
    }

    /**
     * The cut-out the DSS stand-in serves for a position: {@link #renderAt} on the plate whose centre is nearest, as
     * the real archive chooses the plate (SPEC §2.6; near plate boundaries it can differ from the plan's plate). The
     * post-stage stand-ins render the same, so they hold what the downloads show.
     */
    public SkyTile renderServedAt(double raDeg, double decDeg, double sizeArcmin) {
        return renderAt(raDeg, decDeg, sizeArcmin, nearestPlate(raDeg, decDeg).plateId());
    }

    /**
     * A modern-epoch cut-out around any centre, as the DSS stand-in serves the second-epoch red survey
     * ({@code v=poss2ukstu_red}): the same stars and galaxies, moved by their proper motions to {@link #MODERN_EPOCH},
     * with the PSF of the nearest POSS-I plate, and none of the old plate's own objects (no blemishes, no asteroids,
     * no injected vanishing sources). Deterministic per (configuration, centre, size).
     *
     * @throws IllegalArgumentException as {@link #renderAt}
     */
    public SkyTile renderModernAt(double raDeg, double decDeg, double sizeArcmin) {
        checkSize(sizeArcmin);
        double ra = SkyGeometry.normaliseRa(raDeg);
        Plate plate = nearestPlate(ra, decDeg);
        checkCoverage(plate, ra, decDeg);
        return CutoutRenderer.modern(this, plate, CutoutWcs.of(ra, decDeg, sizeArcmin), PlateEpoch.parse(MODERN_EPOCH)).render();
    }

    /**
     * The known asteroids on the cut-out {@link #renderAt} would produce for the same arguments (equal
     * to its {@link SkyTile#asteroids()}), without rendering it: what a SkyBoT stand-in answers.
     *
     * @throws IllegalArgumentException as {@link #renderAt}
     */
    public List<KnownAsteroid> knownAsteroids(double raDeg, double decDeg, double sizeArcmin, String plateId) {
        checkSize(sizeArcmin);
        Plate plate = plate(plateId);
        double ra = SkyGeometry.normaliseRa(raDeg);
        checkCoverage(plate, ra, decDeg);
        return AsteroidBelt.on(this, plate.plateId(), CutoutWcs.of(ra, decDeg, sizeArcmin));
    }

    /** The POSS-I E plate whose centre is nearest to a position (for tiles without a plan plate). */
    public static Plate nearestPlate(double raDeg, double decDeg) {
        Plate best = null;
        double bestSeparation = Double.MAX_VALUE;
        for (Plate p : PlateCatalogue.bundled().all()) {
            double s = SkyGeometry.separationDeg(raDeg, decDeg, p.raDeg(), p.decDeg());
            if (s < bestSeparation) {
                best = p;
                bestSeparation = s;
            }
        }
        return best;
    }

    private static Plate plate(String plateId) {
        Objects.requireNonNull(plateId, "plateId");
        return PlateCatalogue.bundled().find(plateId).orElseThrow(() -> new IllegalArgumentException(
                "Unknown plate '" + plateId + "': not among the " + PlateCatalogue.bundled().size()
                        + " POSS-I E plates of the bundled plate metadata (REGION, e.g. XE309)"));
    }

    private static void checkCoverage(Plate plate, double ra, double decDeg) {
        if (!(decDeg >= -90 && decDeg <= 90) || !Double.isFinite(ra)) {
            throw new IllegalArgumentException("Cut-out centre (" + ra + ", " + decDeg + ") is not a sky position");
        }
        double offset = SkyGeometry.separationDeg(ra, decDeg, plate.raDeg(), plate.decDeg());
        if (offset > MAX_PLATE_OFFSET_DEG) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "Plate %s (centre %.3f, %.3f) does not cover (%.5f, %.5f): %.2f° away, at most %.1f° allowed",
                    plate.plateId(), plate.raDeg(), plate.decDeg(), ra, decDeg, offset, MAX_PLATE_OFFSET_DEG));
        }
    }

    private static void checkSize(double sizeArcmin) {
        if (!(sizeArcmin >= 1.0 && sizeArcmin <= MAX_SIZE_ARCMIN)) {
            throw new IllegalArgumentException("Cut-out size " + sizeArcmin + " arcmin must be within 1.." + MAX_SIZE_ARCMIN);
        }
    }
}
