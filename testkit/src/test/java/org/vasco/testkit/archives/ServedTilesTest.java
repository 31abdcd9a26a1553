package org.vasco.testkit.archives;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vasco.testkit.sky.KnownAsteroid;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;

/** The post-stage archives of the synthetic cluster know exactly the tiles the DSS stand-in has served. */
class ServedTilesTest {

    private static final double ARCSEC = 1.0 / 3600.0;

    @Test
    void aServedTileIsInEveryPostStageArchiveAndNothingElseIs() {
        SyntheticSky sky = SyntheticSky.withSeed(7).withSizeArcmin(20).withAsteroidCount(2);
        ServedTiles served = new ServedTiles();
        double ra = 130.013;
        double dec = 33.081;
        TruthObject vanishing;
        TruthObject artefact;
        KnownAsteroid asteroid;
        double plateJd;
        {
            byte[] fits = served.cutouts(sky).cutout(ra, dec, 20);
            assertThat(fits.length % 2880).isZero();
            SkyTile same = sky.renderAt(ra, dec, 20, SyntheticSky.nearestPlate(ra, dec).plateId());
            vanishing = same.truth(TruthKind.VANISHING).get(0);
            artefact = same.truth(TruthKind.ARTEFACT).get(0);
            asteroid = same.asteroids().get(0);
            plateJd = same.plateEpoch().jd();
        }
        // SuperCOSMOS scanned the same emulsion: the vanishing source is there, the DSS scan artefact is not.
        assertThat(served.supercosmos().cone(vanishing.raDeg(), vanishing.decDeg(), 5 * ARCSEC, plateJd)).isNotEmpty();
        assertThat(served.supercosmos().cone(artefact.raDeg(), artefact.decDeg(), 1 * ARCSEC, plateJd)
                .stream().filter(s -> s.kind().equals(TruthKind.ARTEFACT.label()))).isEmpty();
        // Today's surveys never saw the vanishing source.
        assertThat(served.gsc().cone(vanishing.raDeg(), vanishing.decDeg(), 5 * ARCSEC, plateJd)
                .stream().filter(s -> s.kind().equals(TruthKind.VANISHING.label()))).isEmpty();
        assertThat(served.skybot().cone(asteroid.raDeg(), asteroid.decDeg(), 5 * ARCSEC, plateJd))
                .extracting(ArchiveSource::id).contains(asteroid.name());
        assertThat(served.skybot().cone(asteroid.raDeg(), asteroid.decDeg(), 5 * ARCSEC, plateJd + 30)).isEmpty();
        // A tile that was never served is unknown to all of them.
        assertThat(served.gsc().cone(ra + 5, dec, 0.2, plateJd)).isEmpty();
        assertThat(served.supercosmos().cone(ra + 5, dec, 0.2, plateJd)).isEmpty();
        assertThat(served.ptf().cone(ra + 5, dec, 0.2, plateJd)).isEmpty();
    }
}
