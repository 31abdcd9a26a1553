package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.testkit.sky.KnownAsteroid;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;

/**
 * What each post-stage archive would hold of a synthetic tile, for the loopback servers:
 * <ul>
 *   <li>SuperCOSMOS, an independent scan of the same plates: everything really on the emulsion at the plate
 *       epoch (stars, galaxies, the vanishing sources and the asteroids' images), but not the DSS scan's
 *       artefacts;</li>
 *   <li>GSC 2.4.2 and PTF (2009–2012): the present-day sky, stars and galaxies moved by their proper motions;
 *       PTF lists every one with {@code ngoodobs} &gt; 0 down to R ≈ 20.5 and north of Dec −31°;</li>
 *   <li>SkyBoT: the synthetic asteroids near the plate epoch, each where its motion puts it at the epoch asked for
 *       (DATE-OBS is the exposure's start; a trail's centre is where it is at mid-exposure), and nothing at other
 *       epochs;</li>
 *   <li>VSX: a few of the tile's stars, declared variable.</li>
 * </ul>
 */
public final class SkyArchives {

    public static final double GSC_EPOCH = 2016.0;
    public static final double PTF_EPOCH = 2011.0;
    static final double PTF_LIMIT_MAG = 20.5;
    static final double PTF_SOUTH_LIMIT_DEC = -31.0;
    /** SkyBoT positions hold for the exposure; a request more than a day off the plate epoch sees other positions. */
    static final double SKYBOT_EPOCH_TOLERANCE_DAYS = 1.0;

    private SkyArchives() {
    }

    /** TAP table {@code supercosmos.sources}. */
    public static ArchiveSky supercosmos(SkyTile tile) {
        List<ArchiveSource> on = new ArrayList<>();
        for (TruthObject t : tile.truth()) {
            if (t.kind() != TruthKind.ARTEFACT) {
                on.add(ArchiveSource.of("SCOS-" + t.id(), t.raDeg(), t.decDeg(), t.kind().label()));
            }
        }
        return ArchiveSky.of(on);
    }

    /** CDS X-Match table {@code I/353/gsc242}. */
    public static ArchiveSky gsc(SkyTile tile) {
        return ArchiveSky.of(presentDay(tile, GSC_EPOCH, "GSC", t -> Map.of()));
    }

    /** IRSA TAP table {@code ptf_objects}, with {@code ngoodobs}. */
    public static ArchiveSky ptf(SkyTile tile) {
        List<ArchiveSource> sky = new ArrayList<>();
        for (ArchiveSource s : presentDay(tile, PTF_EPOCH, "PTF", t -> Map.of("ngoodobs", t.magnitude() <= PTF_LIMIT_MAG ? 25.0 : 0.0))) {
            if (s.decDeg() >= PTF_SOUTH_LIMIT_DEC) {
                sky.add(s);
            }
        }
        return ArchiveSky.of(sky);
    }

    /**
     * The SkyBoT stand-in's sky: the tile's asteroids within a day of the plate epoch (DATE-OBS), each moved
     * linearly by its rates from its DATE-OBS position to the epoch asked for.
     */
    public static ArchiveSky skybot(SkyTile tile) {
        return skybot(tile.asteroids(), tile.plateEpoch().jd());
    }

    /**
     * As {@link #skybot(SkyTile)}, from a cut-out's asteroids ({@link org.vasco.testkit.sky.SyntheticSky#knownAsteroids},
     * which needs no rendering) and its plate's epoch (DATE-OBS, Julian date).
     */
    public static ArchiveSky skybot(List<KnownAsteroid> onCutout, double plateJd) {
        List<KnownAsteroid> known = List.copyOf(onCutout);
        return (ra, dec, radius, jd) -> {
            if (Math.abs(jd - plateJd) > SKYBOT_EPOCH_TOLERANCE_DAYS) {
                return List.of();
            }
            double hours = (jd - plateJd) * 24.0;
            List<ArchiveSource> asteroids = new ArrayList<>();
            for (KnownAsteroid a : known) {
                double dec2 = a.decDeg() + a.decRateArcsecPerHour() * hours / 3600.0;
                double ra2 = a.raDeg() + a.raRateArcsecPerHour() * hours / 3600.0 / Math.cos(Math.toRadians(a.decDeg()));
                asteroids.add(new ArchiveSource(a.name(), ((ra2 % 360.0) + 360.0) % 360.0, dec2,
                        TruthKind.ASTEROID.label(), Map.of("Mv", a.vMagnitude())));
            }
            return ArchiveSky.of(asteroids).cone(ra, dec, radius, jd);
        };
    }

    /** {@code count} of the tile's stars (the first by id), as VSX entries at their present-day positions. */
    public static List<ArchiveSource> variables(SkyTile tile, int count) {
        return presentDay(tile, GSC_EPOCH, "VSX", t -> Map.of()).stream()
                .filter(s -> s.kind().equals(TruthKind.STAR.label()))
                .sorted(Comparator.comparing(ArchiveSource::id)).limit(count).toList();
    }

    /** A slim VSX CSV ({@code Name,RAdeg,DEdeg,Type}) of some entries, for {@code vasco catalog import-vsx}. */
    public static String vsxCsv(List<ArchiveSource> variables) {
        StringBuilder sb = new StringBuilder("Name,RAdeg,DEdeg,Type\n");
        for (ArchiveSource v : variables) {
            sb.append(String.format(Locale.ROOT, "%s,%.7f,%.7f,%s%n", v.id(), v.raDeg(), v.decDeg(), "EW"));
        }
        return sb.toString();
    }

    private interface Columns {
        Map<String, Double> of(TruthObject t);
    }

    private static List<ArchiveSource> presentDay(SkyTile tile, double epoch, String prefix, Columns columns) {
        double plateEpoch = tile.plateEpoch().decimalYear();
        List<ArchiveSource> sky = new ArrayList<>();
        double[] moved = new double[2];
        for (TruthObject t : tile.truth()) {
            if (t.isRealSkyObject() && EpochPropagation.propagate(t.raDeg(), t.decDeg(), t.pmRaMasYr(), t.pmDecMasYr(),
                    plateEpoch, epoch, moved)) {
                sky.add(new ArchiveSource(prefix + "-" + t.id(), moved[0], moved[1], t.kind().label(), columns.of(t)));
            }
        }
        return sky;
    }
}
