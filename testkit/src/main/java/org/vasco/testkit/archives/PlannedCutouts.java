package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.TanProjection;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * The post-stage archives of a synthetic sky as the cluster sees it. A tile's vanishing sources and asteroids belong
 * to its cut-out (they depend on the cut-out's centre, size and plate), so the archives hold what the cut-outs of the
 * cluster's plan show: one cut-out {@link SyntheticSky#sizeArcmin()} wide at each plan tile's centre, taken on the
 * plate whose centre is nearest (as the DSS stand-in takes it, {@link CutoutSource#synthetic}). SuperCOSMOS, GSC, PTF
 * and SkyBoT ({@link SkyArchives}) answer a cone from the plan cut-outs that reach it, whatever this process has
 * served: a restarted cluster, a second cluster on the same state and a fresh stand-in all get the same answer
 * (issue 22; before, only the tiles served since the process started were known, and a restart lost the science).
 * Positions no plan cut-out reaches find nothing; so do the transients of a cut-out of another size or centre.
 * <p>
 * A cut-out is rendered the first time a cone needs it; the {@value #CAPACITY} most recently used are cached, which
 * changes no answer (rendering is deterministic). Thread-safe.
 */
final class PlannedCutouts {

    static final int CAPACITY = 64;
    /**
     * How far beyond its cut-out's edge an archive may place one of the cut-out's objects: proper motions move
     * present-day positions by at most 1″/yr × ~66 yr ≈ 0.02° (SkyBoT's positions move with the hours asked for).
     */
    static final double MARGIN_DEG = 0.03;

    /** What one rendered cut-out puts in the catalogue archives. */
    private record Held(ArchiveSky supercosmos, ArchiveSky gsc, ArchiveSky ptf) {
    }

    private final SyntheticSky sky;
    /** Plan tile centres {ra, dec}, sorted by Dec. */
    private final double[][] centres;
    private final double[] decs;
    /** Half the side of a cut-out, degrees. */
    private final double halfSideDeg;
    private final Map<String, Held> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * @param sky  the synthetic sky; its {@link SyntheticSky#sizeArcmin()} is the cut-out size the cluster downloads
     * @param plan the tiles the cluster may download (the tessellation plan, or the tiles a test submits)
     */
    PlannedCutouts(SyntheticSky sky, List<TileId> plan) {
        this.sky = Objects.requireNonNull(sky, "sky");
        this.centres = plan.stream().distinct().map(t -> new double[] {t.raDeg(), t.decDeg()})
                .sorted(Comparator.comparingDouble(c -> c[1])).toArray(double[][]::new);
        this.decs = Arrays.stream(centres).mapToDouble(c -> c[1]).toArray();
        this.halfSideDeg = sky.sizeArcmin() / 120.0;
    }

    /**
     * Cut-outs of the synthetic sky (as {@link CutoutSource#synthetic}, the modern epoch included); a plate cut-out that
     * is a plan cut-out is kept in the cache, which spares rendering it again for the post stages (it changes no answer).
     */
    CutoutSource cutouts() {
        // the modern epoch ({@link CutoutSource#modernFrom}) shows nothing the post stages' archives hold of the plate
        return CutoutSource.modernFrom(sky, (raDeg, decDeg, sizeArcmin) -> {
            SkyTile tile = sky.renderServedAt(raDeg, decDeg, sizeArcmin);
            if (sizeArcmin == sky.sizeArcmin()) {
                synchronized (cache) {
                    cache.putIfAbsent(key(tile.centreRaDeg(), tile.centreDecDeg()), held(tile));
                }
            }
            return tile.fits();
        });
    }

    /** Drops the cache, as a restart of the stand-ins' process would: no answer changes. */
    void forget() {
        synchronized (cache) {
            cache.clear();
        }
    }

    ArchiveSky supercosmos() {
        return union(Held::supercosmos);
    }

    ArchiveSky gsc() {
        return union(Held::gsc);
    }

    ArchiveSky ptf() {
        return union(Held::ptf);
    }

    /**
     * SkyBoT's cones are wide (a degree around a field of candidates) and reach many cut-outs: their asteroids are drawn
     * without rendering the cut-outs ({@link SyntheticSky#knownAsteroids}), equal to the rendered ones.
     */
    ArchiveSky skybot() {
        return (ra, dec, radius, jd) -> {
            List<ArchiveSource> hits = new ArrayList<>();
            for (double[] c : reaching(ra, dec, radius)) {
                Plate plate = SyntheticSky.nearestPlate(c[0], c[1]);
                hits.addAll(SkyArchives.skybot(sky.knownAsteroids(c[0], c[1], sky.sizeArcmin(), plate.plateId()),
                        PlateEpoch.parse(plate.dateObs()).jd()).cone(ra, dec, radius, jd));
            }
            return hits;
        };
    }

    private ArchiveSky union(Function<Held, ArchiveSky> archive) {
        return (ra, dec, radius, jd) -> {
            List<ArchiveSource> hits = new ArrayList<>();
            for (double[] c : reaching(ra, dec, radius)) {
                hits.addAll(archive.apply(cutout(c[0], c[1])).cone(ra, dec, radius, jd));
            }
            return hits;
        };
    }

    /**
     * The plan centres whose cut-outs come within {@code radius} (and {@link #MARGIN_DEG}) of a position: the square
     * itself, not its bounding circle, so a cone inside one tile does not render the neighbours it only nearly touches.
     */
    private List<double[]> reaching(double ra, double dec, double radius) {
        double side = halfSideDeg + radius + MARGIN_DEG;
        // Half the diagonal of the widened square bounds it: a quick cut before the projection.
        double within = side * Math.sqrt(2.0);
        int from = Arrays.binarySearch(decs, dec - within);
        from = from < 0 ? -from - 1 : from;
        List<double[]> near = new ArrayList<>();
        for (int i = from; i < centres.length && decs[i] <= dec + within; i++) {
            double[] c = centres[i];
            if (SkyGeometry.separationDeg(c[0], c[1], ra, dec) <= within) {
                double[] offset = new TanProjection(c[0], c[1]).project(ra, dec);
                if (Math.abs(offset[0]) <= side && Math.abs(offset[1]) <= side) {
                    near.add(c);
                }
            }
        }
        return near;
    }

    private Held cutout(double ra, double dec) {
        String key = key(ra, dec);
        synchronized (cache) {
            Held held = cache.get(key);
            if (held != null) {
                return held;
            }
        }
        // Rendered outside the lock: two threads may render the same cut-out, and both get the same result.
        Held held = held(sky.renderServedAt(ra, dec, sky.sizeArcmin()));
        synchronized (cache) {
            cache.putIfAbsent(key, held);
        }
        return held;
    }

    private static Held held(SkyTile tile) {
        return new Held(SkyArchives.supercosmos(tile), SkyArchives.gsc(tile), SkyArchives.ptf(tile));
    }

    private static String key(double ra, double dec) {
        return String.format(Locale.ROOT, "%.6f_%.6f", ra, dec);
    }
}
