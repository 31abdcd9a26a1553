package org.vasco.testkit.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.TanProjection;

/**
 * Exposes one cut-out: places the sky's stars and galaxies at the plate epoch, adds the plate's own
 * blemishes, asteroids and injected vanishing sources, develops the image and writes the FITS file.
 * A modern-epoch exposure ({@link #modern}) places the stars and galaxies at that epoch instead and has none of the
 * plate's own objects: no blemishes, no asteroids and, above all, no vanishing sources.
 * One instance per cut-out; not thread-safe.
 */
final class CutoutRenderer {

    /** Plate magnitude of a source giving 1 ADU of total signal: R = 20 gives 6,000 ADU. */
    static final double ZERO_POINT = 29.45;
    /** Objects this far outside the image are still rendered: their halos and spikes reach in. */
    private static final int MARGIN_PX = 300;
    /**
     * Every point source loses a share of its light to a broad halo (light scattered in the emulsion): this much
     * for the faintest, {@link #HALO_GROWTH_PER_MAG} more per magnitude brighter than R = 19.5 (at most 6 mag).
     */
    static final double HALO_FRACTION = 0.05;
    static final double HALO_GROWTH_PER_MAG = 0.01;
    /** The halo is this many times wider than the core, and wider still for stars brighter than {@link #WIDE_HALO_BELOW}. */
    static final double HALO_WIDTH = 4.0;
    private static final double WIDE_HALO_BELOW = 13.5;
    private static final double SPIKES_BELOW = 12.0;
    /** The core is integrated over each pixel within this many FWHM of the centre (beyond, point samples suffice). */
    private static final double INTEGRATE_WITHIN_FWHM = 3.0;
    /**
     * Per-axis scatter of a catalogued object's plate position about its true place, arcsec: plate and scan
     * errors on scales the tile's polynomial cannot follow. With SExtractor's own centroid noise it gives the WCSFIX
     * residual σ (1.4826·MAD of the tie points' offsets) of ≈ 0.7″ measured on POSS-I E tiles (SPEC §6.4).
     */
    static final double PLATE_ASTROMETRY_ARCSEC = 1.0;
    /** Vanishing sources keep this far from every catalogue object (the veto radius is 5″). */
    static final double VANISHING_ISOLATION_ARCSEC = 20.0;
    /** ... and this far from PS1 stars with r ≤ 16, beyond the spike cut's reach (SPEC §6.8). */
    static final double VANISHING_BRIGHT_STAR_CLEARANCE_ARCSEC = 100.0;
    /** The region the pipeline keeps (SPEC §6.2), less a margin. */
    static final double VANISHING_MAX_RADIUS_ARCMIN = 28.0;
    /**
     * Median SNR_WIN over the optimal (PSF-weighted) S/N for these pixel-integrated, haloed profiles against the noise
     * SExtractor measures: 0.984, from the 1,009 isolated catalogued stars of expected S/N 40–120 on the development
     * tile (tile_RA110.485_DECp29.702, XE309, seed 1; docs/science.md, "Expected S/N"). 0.95 was measured on the old,
     * point-sampled renderings.
     */
    private static final double SNR_WIN_EFFICIENCY = 0.984;

    private final SyntheticSky sky;
    private final Plate plate;
    private final CutoutWcs wcs;
    private final TanProjection projection;
    private final PlateEpoch epoch;
    private final double epochYear;
    private final PlateImage image;
    private final PlatePsf psf;
    private final SplittableRandom exposure;
    private final StarField field;
    private final List<TruthObject> truth = new ArrayList<>();
    private final List<KnownAsteroid> asteroids = new ArrayList<>();
    /** Pixel positions {x, y} at the plate epoch and at J2016 of every catalogue object near the image. */
    private final List<double[]> catalogued = new ArrayList<>();
    private final List<double[]> brightStars = new ArrayList<>();
    /** Segments {x0, y0, x1, y1} covered by artefacts, asteroid trails and vanishing sources placed so far. */
    private final List<double[]> placed = new ArrayList<>();
    private final double grainSigma;
    private final long plateCode;
    /** True for a modern-epoch exposure of the sky, false for the POSS-I plate. */
    private final boolean modern;

    CutoutRenderer(SyntheticSky sky, Plate plate, CutoutWcs wcs) {
        this(sky, plate, wcs, PlateEpoch.parse(plate.dateObs()), false);
    }

    /**
     * A modern exposure of the sky at {@code epoch}, with the plate's PSF (the stand-in has no other optics): the
     * stars where their proper motions have taken them, and nothing that only the old plate shows.
     */
    static CutoutRenderer modern(SyntheticSky sky, Plate plate, CutoutWcs wcs, PlateEpoch epoch) {
        return new CutoutRenderer(sky, plate, wcs, epoch, true);
    }

    private CutoutRenderer(SyntheticSky sky, Plate plate, CutoutWcs wcs, PlateEpoch epoch, boolean modern) {
        this.sky = sky;
        this.plate = plate;
        this.wcs = wcs;
        this.modern = modern;
        this.projection = wcs.projection();
        this.epoch = epoch;
        this.epochYear = epoch.decimalYear();
        this.image = new PlateImage(wcs.naxis());
        this.plateCode = SkySeeds.code(plate.plateId());
        double[] offset = new TanProjection(plate.raDeg(), plate.decDeg()).project(wcs.centreRaDeg(), wcs.centreDecDeg());
        this.psf = new PlatePsf(SkySeeds.mix(sky.seed(), plateCode), offset[0], offset[1], wcs);
        this.exposure = new SplittableRandom(SkySeeds.mix(sky.seed(), modern ? SkySeeds.MODERN_EXPOSURE : SkySeeds.EXPOSURE, plateCode,
                Math.round(wcs.centreRaDeg() * 1e6), Math.round(wcs.centreDecDeg() * 1e6), wcs.naxis()));
        this.grainSigma = 38.0 + 10.0 * exposure.nextDouble();
        this.field = new StarField(sky.seed());
    }

    SkyTile render() {
        renderSky();
        if (!modern) {
            renderArtefacts();
            renderAsteroids();
            renderVanishing();
        }
        double level = 4000.0 + 2000.0 * exposure.nextDouble();
        double gradient = 300.0 / wcs.naxis();
        PlateImage.Background background = new PlateImage.Background(level,
                gradient * (2 * exposure.nextDouble() - 1), gradient * (2 * exposure.nextDouble() - 1), wcs.crpix());
        int[] pixels = image.develop(background, grainSigma, new SplittableRandom(exposure.nextLong()));
        double noise = BackgroundNoise.of(pixels, wcs.naxis());
        List<TruthObject> finalTruth = new ArrayList<>(truth.size());
        for (TruthObject t : truth) {
            int ix = (int) Math.round(t.xPixel());
            int iy = (int) Math.round(t.yPixel());
            boolean saturated = pixels[(iy - 1) * wcs.naxis() + ix - 1] >= PlateImage.SATURATE;
            // the S/N against the grain, now against the noise the extractor will measure
            double expectedSnr = t.expectedSnr() * grainSigma / noise;
            finalTruth.add(t.developed(saturated, expectedSnr));
        }
        byte[] fits = CutoutFits.write(pixels, wcs, plate, epoch, sky.wcsHeaders());
        return new SkyTile(sky, plate, epoch, wcs, fits, finalTruth, asteroids, field);
    }

    static double flux(double magnitude) {
        return Math.pow(10.0, -0.4 * (magnitude - ZERO_POINT));
    }

    static double magnitude(double flux) {
        return ZERO_POINT - 2.5 * Math.log10(flux);
    }

    private boolean onImage(double x, double y) {
        return x >= 0.5 && x < wcs.naxis() + 0.5 && y >= 0.5 && y < wcs.naxis() + 0.5;
    }

    /**
     * Background-limited S/N of a PSF-weighted measurement against the grain, scaled to what SExtractor's
     * Gaussian-window SNR_WIN gives for these profiles ({@link #SNR_WIN_EFFICIENCY}).
     * Once the image is developed, {@link #render} puts it against the noise the extractor will measure
     * ({@link BackgroundNoise}: the grain, the mottle and, in crowded fields, the light of faint stars): the median
     * SNR_WIN of the sky's catalogued stars is then this value within 1–2 % at SNR 30–120, on sparse and crowded tiles
     * alike (docs/science.md, "Expected S/N"; {@code SourceExtractorReadbackTest}); single measurements scatter about
     * it by ~2.5 times 1/SNR, as the grain is correlated.
     */
    private double expectedSnr(double flux, double effectiveArea) {
        return SNR_WIN_EFFICIENCY * flux / (grainSigma * Math.sqrt(effectiveArea));
    }

    private void renderSky() {
        double radius = wcs.halfDiagonalDeg() + MARGIN_PX * wcs.scaleArcsec() / 3600.0 + 0.02;
        for (SkySource s : field.cone(wcs.centreRaDeg(), wcs.centreDecDeg(), radius)) {
            double[] sky2016 = {s.ra2016(), s.dec2016()};
            double[] atPlate = s.positionAt(epochYear);
            double[] p = wcs.toPixel(projection, atPlate[0], atPlate[1]);
            if (p[0] < -MARGIN_PX || p[0] > wcs.naxis() + MARGIN_PX || p[1] < -MARGIN_PX
                    || p[1] > wcs.naxis() + MARGIN_PX) {
                continue;
            }
            double[] p2016 = wcs.toPixel(projection, sky2016[0], sky2016[1]);
            catalogued.add(new double[] {p[0], p[1], p2016[0], p2016[1]});
            // the plate's astrometric error is the old plate's; a modern survey's is negligible at this scale
            double[] seen = modern ? atPlate : scattered(atPlate, s.errorSeed());
            p = wcs.toPixel(projection, seen[0], seen[1]);
            if (CatalogueRows.ps1R(s) <= CatalogueRows.BRIGHT_STAR_LIMIT + 0.2) {
                brightStars.add(p);
            }
            PlatePsf.Shape shape = psf.at(p[0], p[1]);
            double flux = flux(s.rMag());
            double area;
            double fwhm;
            if (s.kind() == TruthKind.STAR) {
                area = renderStar(p[0], p[1], flux, s.rMag(), shape);
                fwhm = PlatePsf.forMagnitude(shape, s.rMag()).fwhm();
            } else {
                area = renderGalaxy(p[0], p[1], flux, s, shape);
                fwhm = Math.hypot(shape.fwhm(), 2.0 * s.halfLightPx());
            }
            if (onImage(p[0], p[1])) {
                truth.add(new TruthObject(s.id(), s.kind(), s.isHighProperMotion() ? "hpm" : "", "", seen[0],
                        seen[1], p[0], p[1], s.rMag(), flux, expectedSnr(flux, area), fwhm, s.pmRa(), s.pmDec(),
                        false));
            }
        }
    }

    /**
     * Where a catalogued object appears on this plate, {ra, dec}: its true place at the plate epoch moved on the sky
     * by the plate's astrometric error ({@link #PLATE_ASTROMETRY_ARCSEC} per axis), from the object's own stream and
     * the plate, so every cut-out of the plate shows it at the same place.
     */
    private double[] scattered(double[] radec, long objectSeed) {
        SplittableRandom rng = new SplittableRandom(SkySeeds.mix(objectSeed, SkySeeds.PLATE_ASTROMETRY, plateCode));
        double east = PLATE_ASTROMETRY_ARCSEC / 3600.0 * rng.nextGaussian();
        double north = PLATE_ASTROMETRY_ARCSEC / 3600.0 * rng.nextGaussian();
        return new double[] {SkyGeometry.normaliseRa(radec[0] + east / Math.cos(Math.toRadians(radec[1]))), radec[1] + north};
    }

    /**
     * A star: a Moffat core as wide as its magnitude makes it ({@link PlatePsf#forMagnitude}), integrated over the
     * pixels; a halo ({@value #HALO_FRACTION} of the light and more for brighter stars, {@value #HALO_WIDTH}× the
     * core's width, wider for bright stars); for bright stars diffraction spikes along the pixel axes.
     *
     * @return the effective noise area of the whole profile, px
     */
    private double renderStar(double x, double y, double flux, double mag, PlatePsf.Shape field) {
        PlatePsf.Shape shape = PlatePsf.forMagnitude(field, mag);
        double haloFlux = (HALO_FRACTION + HALO_GROWTH_PER_MAG * Math.max(0.0, Math.min(6.0, 19.5 - mag))) * flux;
        double coreFlux = flux - haloFlux;
        double haloFwhm = Math.max(HALO_WIDTH * shape.fwhm(),
                mag < WIDE_HALO_BELOW ? Math.min(60.0, 10.0 + 4.0 * (WIDE_HALO_BELOW - mag)) : 0.0);
        PlatePsf.Shape halo = new PlatePsf.Shape(haloFwhm, 0.0, 0.0, 1.6);
        image.add(x, y, PlateImage.moffatRadius(halo, haloFlux, 300), haloFlux, PlateImage.moffat(halo));
        if (mag < SPIKES_BELOW) {
            double spikeFlux = 0.015 * flux;
            coreFlux -= spikeFlux;
            double length = Math.min(250.0, 12.0 * Math.pow(10.0, 0.2 * (SPIKES_BELOW - mag)));
            image.add(x, y, (int) Math.ceil(length), spikeFlux, spikes(length));
        }
        double area = image.add(x, y, PlateImage.moffatRadius(shape, coreFlux, 300), coreFlux, PlateImage.moffat(shape),
                INTEGRATE_WITHIN_FWHM * shape.fwhm());
        // A PSF-weighted measurement of the total flux sees the core's share f of the light (the halo spreads the rest
        // thinly): S/N = f·F/(σ·√A_core), so the whole profile's effective area is A_core / f².
        double share = coreFlux / flux;
        return area / (share * share);
    }

    /** Four spikes along ±x and ±y, fading outward, about one pixel wide. */
    private static PlateImage.Profile spikes(double length) {
        double scale = length / 3.0;
        return (dx, dy) -> {
            double ax = Math.abs(dx);
            double ay = Math.abs(dy);
            double along;
            double across;
            if (ax >= ay) {
                along = ax;
                across = ay;
            } else {
                along = ay;
                across = ax;
            }
            if (along < 2.0 || across > 2.5) {
                return 0.0;
            }
            return Math.exp(-along / scale) * Math.exp(-across * across / 0.72);
        };
    }

    /**
     * A galaxy as the plate sees it: its light profile convolved with the seeing, approximated by a
     * broad elliptical Moffat (β = 2.2, wings stronger than a star's) whose widths add the disc's
     * extent to the PSF's in quadrature, so it is never sharper than a star.
     */
    private double renderGalaxy(double x, double y, double flux, SkySource s, PlatePsf.Shape shape) {
        double major = Math.hypot(shape.fwhm(), 2.0 * s.halfLightPx());
        double minor = Math.hypot(shape.fwhm(), 2.0 * s.halfLightPx() * s.axisRatio());
        double fwhm = Math.sqrt(major * minor);
        PlatePsf.Shape profile = new PlatePsf.Shape(fwhm, 1.0 - minor / major, s.positionAngle(), 2.2);
        int radius = PlateImage.moffatRadius(profile, flux, 120);
        return image.add(x, y, radius, flux, PlateImage.moffat(profile), INTEGRATE_WITHIN_FWHM * fwhm);
    }

    private void renderArtefacts() {
        int n = 0;
        for (PlateBlemishes.Blemish b : new PlateBlemishes(image, exposure, wcs.naxis()).render()) {
            double[] radec = wcs.toSky(projection, b.x(), b.y());
            truth.add(new TruthObject("A" + n++, TruthKind.ARTEFACT, b.detail(), "", radec[0], radec[1], b.x(), b.y(),
                    magnitude(b.flux()), b.flux(), expectedSnr(b.flux(), b.effectiveArea()), b.fwhmPixels(), 0, 0, false));
            placed.add(b.extent());
        }
    }

    /**
     * The known minor planets of {@link AsteroidBelt}, trailed by their motion over the exposure: each starts at its
     * DATE-OBS position (where SkyBoT places it at the exposure's start) and moves for the whole exposure, so its
     * image, and any detection of it, is centred at mid-exposure. Point sources like stars of their magnitude.
     */
    private void renderAsteroids() {
        double exposureHours = exposureMinutes(plate) / 60.0;
        for (KnownAsteroid asteroid : AsteroidBelt.on(sky, plate.plateId(), wcs)) {
            double[] start = wcs.toPixel(projection, asteroid.raDeg(), asteroid.decDeg());
            double rMag = asteroid.vMagnitude() - 0.4;
            // Motion over the exposure in pixels: RA increases to the left.
            double trailX = -asteroid.raRateArcsecPerHour() * exposureHours / wcs.scaleArcsec();
            double trailY = asteroid.decRateArcsecPerHour() * exposureHours / wcs.scaleArcsec();
            double[] p = {start[0] + trailX / 2, start[1] + trailY / 2};
            double trailLength = Math.hypot(trailX, trailY);
            PlatePsf.Shape shape = PlatePsf.forMagnitude(psf.at(p[0], p[1]), rMag);
            double flux = flux(rMag);
            int steps = Math.max(1, (int) Math.ceil(trailLength / 0.5));
            PlateImage.Profile point = PlateImage.moffat(shape);
            int radius = PlateImage.moffatRadius(shape, flux, 200) + (int) Math.ceil(trailLength / 2);
            double area = image.add(p[0], p[1], radius, flux, (dx, dy) -> {
                if (steps == 1) {
                    return point.value(dx, dy);
                }
                double sum = 0;
                for (int t = 0; t < steps; t++) {
                    double f = (t + 0.5) / steps - 0.5;
                    sum += point.value(dx - f * trailX, dy - f * trailY);
                }
                return sum;
            }, INTEGRATE_WITHIN_FWHM * shape.fwhm() + trailLength / 2);
            asteroids.add(asteroid);
            double[] centre = wcs.toSky(projection, p[0], p[1]);
            truth.add(new TruthObject(Integer.toString(asteroid.number()), TruthKind.ASTEROID,
                    trailLength > 1.0 ? "trailed" : "", asteroid.name(), centre[0], centre[1], p[0], p[1],
                    rMag, flux, expectedSnr(flux, area), Math.max(shape.fwhm(), trailLength), 0, 0, false));
            placed.add(new double[] {start[0], start[1], start[0] + trailX, start[1] + trailY});
        }
    }

    /** The plate's exposure in minutes; 45 when the plate metadata has none (a typical POSS-I E exposure). */
    static double exposureMinutes(Plate plate) {
        return Double.isNaN(plate.exposureMin()) ? 45.0 : plate.exposureMin();
    }

    /**
     * The injected sources the pipeline is meant to find: point-like (the plate's PSF), in no
     * catalogue, isolated from every catalogue object and clear of bright stars, within the region the
     * pipeline keeps, and mostly bright enough for its S/N gate (R 16.5–19.9, as faint as the real candidates).
     */
    private void renderVanishing() {
        double maxRadiusPx = Math.min(VANISHING_MAX_RADIUS_ARCMIN * 60.0 / wcs.scaleArcsec(), wcs.naxis() / 2.0 - 25);
        double isolationPx = VANISHING_ISOLATION_ARCSEC / wcs.scaleArcsec();
        double clearancePx = VANISHING_BRIGHT_STAR_CLEARANCE_ARCSEC / wcs.scaleArcsec();
        for (int k = 0; k < sky.vanishingCount(); k++) {
            double[] p = null;
            for (int attempt = 0; attempt < 500 && p == null; attempt++) {
                double r = maxRadiusPx * Math.sqrt(exposure.nextDouble());
                double a = 2 * Math.PI * exposure.nextDouble();
                double[] candidate = {wcs.crpix() + r * Math.cos(a), wcs.crpix() + r * Math.sin(a)};
                if (isolated(candidate, isolationPx, clearancePx)) {
                    p = candidate;
                }
            }
            if (p == null) {
                throw new IllegalStateException("No isolated place left for vanishing source " + k + " on the "
                        + wcs.sizeArcmin() + "′ cut-out at (" + wcs.centreRaDeg() + ", " + wcs.centreDecDeg()
                        + "): the field is too crowded; ask for fewer vanishing sources");
            }
            double mag = 16.5 + 3.4 * exposure.nextDouble();
            double flux = flux(mag);
            PlatePsf.Shape shape = psf.at(p[0], p[1]);
            // exactly as a star of its magnitude: a point source the catalogues have lost
            double area = renderStar(p[0], p[1], flux, mag, shape);
            double[] radec = wcs.toSky(projection, p[0], p[1]);
            truth.add(new TruthObject("V" + k, TruthKind.VANISHING, "", "", radec[0], radec[1], p[0], p[1], mag, flux,
                    expectedSnr(flux, area), PlatePsf.forMagnitude(shape, mag).fwhm(), 0, 0, false));
            placed.add(new double[] {p[0], p[1], p[0], p[1]});
        }
    }

    private boolean isolated(double[] p, double isolationPx, double clearancePx) {
        double iso2 = isolationPx * isolationPx;
        for (double[] track : catalogued) {
            // The object's path from the plate epoch to J2016 (USNO-B's and PS1's epochs lie on it).
            if (segmentDistance2(p, track) < iso2) {
                return false;
            }
        }
        for (double[] b : brightStars) {
            if (distance2(p, b[0], b[1]) < clearancePx * clearancePx) {
                return false;
            }
        }
        for (double[] segment : placed) {
            if (segmentDistance2(p, segment) < iso2) {
                return false;
            }
        }
        return true;
    }

    private static double segmentDistance2(double[] p, double[] segment) {
        double dx = segment[2] - segment[0];
        double dy = segment[3] - segment[1];
        double length2 = dx * dx + dy * dy;
        double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - segment[0]) * dx + (p[1] - segment[1]) * dy) / length2));
        return distance2(p, segment[0] + t * dx, segment[1] + t * dy);
    }

    private static double distance2(double[] p, double x, double y) {
        double dx = p[0] - x;
        double dy = p[1] - y;
        return dx * dx + dy * dy;
    }
}
