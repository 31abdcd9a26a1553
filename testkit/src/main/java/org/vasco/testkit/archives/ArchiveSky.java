package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vasco.common.sky.SkyGeometry;

/**
 * What a stand-in archive knows of the sky: the sources in a cone at an epoch. The synthetic sky plugs in here
 * (each archive holding what its real survey would); tests may pass a fixed list. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ArchiveSky {

    /** Sources within {@code radiusDeg} of a position, at Julian date {@code epochJd} (ignored by static skies). */
    List<ArchiveSource> cone(double raDeg, double decDeg, double radiusDeg, double epochJd);

    /** A fixed list of sources, searched by brute force (stand-ins hold few). */
    static ArchiveSky of(List<ArchiveSource> sources) {
        List<ArchiveSource> copy = List.copyOf(sources);
        return (ra, dec, radius, jd) -> {
            List<ArchiveSource> hits = new ArrayList<>();
            for (ArchiveSource s : copy) {
                if (SkyGeometry.separationDeg(ra, dec, s.raDeg(), s.decDeg()) <= radius) {
                    hits.add(s);
                }
            }
            return hits;
        };
    }

    /** The same sky restricted to some kinds (e.g. SuperCOSMOS sees no DSS scanning artefacts). */
    default ArchiveSky only(Set<String> kinds) {
        return (ra, dec, radius, jd) -> cone(ra, dec, radius, jd).stream().filter(s -> kinds.contains(s.kind())).toList();
    }
}
