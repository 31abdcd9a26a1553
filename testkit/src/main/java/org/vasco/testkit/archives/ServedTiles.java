package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * The post-stage archives of a synthetic sky as the cluster sees it: the DSS stand-in renders every tile it serves
 * through {@link #cutouts(SyntheticSky)}, which remembers what SuperCOSMOS, GSC, PTF and SkyBoT would hold of that
 * cut-out ({@link SkyArchives}); the skies returned here answer from the union of the remembered tiles. A tile's
 * vanishing sources, artefacts and asteroids depend on its cut-out, so only tiles served by this process are
 * known: positions elsewhere (e.g. tiles downloaded before a restart) find nothing. The most recent
 * {@value #CAPACITY} tiles are kept. Thread-safe.
 */
final class ServedTiles {

    static final int CAPACITY = 256;

    /** What one served cut-out puts in each archive, and how far from its centre it reaches. */
    private record Served(double raDeg, double decDeg, double reachDeg, ArchiveSky supercosmos, ArchiveSky gsc,
                          ArchiveSky ptf, ArchiveSky skybot) {
    }

    private final Map<String, Served> served = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Served> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Cut-outs of the synthetic sky (as {@link CutoutSource#synthetic}), each remembered. */
    CutoutSource cutouts(SyntheticSky sky) {
        Objects.requireNonNull(sky, "sky");
        // the modern epoch shows nothing the post stages' archives would hold of the plate: not remembered
        return CutoutSource.modernFrom(sky, (raDeg, decDeg, sizeArcmin) -> {
            SkyTile tile = sky.renderAt(raDeg, decDeg, sizeArcmin, SyntheticSky.nearestPlate(raDeg, decDeg).plateId());
            remember(tile);
            return tile.fits();
        });
    }

    void remember(SkyTile tile) {
        // Half the diagonal of the square cut-out bounds every object on it.
        double reach = tile.sizeArcmin() / 60.0 * Math.sqrt(0.5);
        Served s = new Served(tile.centreRaDeg(), tile.centreDecDeg(), reach, SkyArchives.supercosmos(tile),
                SkyArchives.gsc(tile), SkyArchives.ptf(tile), SkyArchives.skybot(tile));
        String key = String.format(Locale.ROOT, "%.6f_%.6f_%.4f_%s", tile.centreRaDeg(), tile.centreDecDeg(),
                tile.sizeArcmin(), tile.plate().plateId());
        synchronized (served) {
            served.put(key, s);
        }
    }

    ArchiveSky supercosmos() {
        return union(Served::supercosmos);
    }

    ArchiveSky gsc() {
        return union(Served::gsc);
    }

    ArchiveSky ptf() {
        return union(Served::ptf);
    }

    ArchiveSky skybot() {
        return union(Served::skybot);
    }

    private ArchiveSky union(Function<Served, ArchiveSky> archive) {
        return (ra, dec, radius, jd) -> {
            List<Served> near = new ArrayList<>();
            synchronized (served) {
                for (Served s : served.values()) {
                    // Proper motions move present-day positions a little beyond the cut-out: a margin of 0.1°.
                    if (SkyGeometry.separationDeg(s.raDeg(), s.decDeg(), ra, dec) <= s.reachDeg() + radius + 0.1) {
                        near.add(s);
                    }
                }
            }
            List<ArchiveSource> hits = new ArrayList<>();
            for (Served s : near) {
                hits.addAll(archive.apply(s).cone(ra, dec, radius, jd));
            }
            return hits;
        };
    }
}
