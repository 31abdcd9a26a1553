package org.vasco.testkit.archives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.sky.KnownAsteroid;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;

/**
 * The post-stage archives of the synthetic cluster hold exactly the plan's cut-outs, from the sky alone: a fresh
 * stand-in (a restarted cluster's) answers about a tile it never served as the one that served it does.
 */
class PlannedCutoutsTest {

    private static final double ARCSEC = 1.0 / 3600.0;
    private static final TileId TILE = TileId.of("tile_RA130.013_DECp33.081");
    private static final SyntheticSky SKY = SyntheticSky.withSeed(7).withSizeArcmin(20).withAsteroidCount(2);
    private static final SkyTile RENDERED = SKY.renderAt(TILE.raDeg(), TILE.decDeg(), 20,
            SyntheticSky.nearestPlate(TILE.raDeg(), TILE.decDeg()).plateId());

    @Test
    void aPlanTileIsInEveryPostStageArchiveAndNothingElseIs() {
        PlannedCutouts planned = new PlannedCutouts(SKY, List.of(TILE));
        byte[] fits = planned.cutouts().cutout(TILE.raDeg(), TILE.decDeg(), 20);
        assertThat(fits).isEqualTo(RENDERED.fits());
        TruthObject vanishing = RENDERED.truth(TruthKind.VANISHING).get(0);
        TruthObject artefact = RENDERED.truth(TruthKind.ARTEFACT).get(0);
        KnownAsteroid asteroid = RENDERED.asteroids().get(0);
        double plateJd = RENDERED.plateEpoch().jd();
        // SuperCOSMOS scanned the same emulsion: the vanishing source is there, the DSS scan artefact is not.
        assertThat(planned.supercosmos().cone(vanishing.raDeg(), vanishing.decDeg(), 5 * ARCSEC, plateJd)).isNotEmpty();
        assertThat(planned.supercosmos().cone(artefact.raDeg(), artefact.decDeg(), 1 * ARCSEC, plateJd)
                .stream().filter(s -> s.kind().equals(TruthKind.ARTEFACT.label()))).isEmpty();
        // Today's surveys never saw the vanishing source.
        assertThat(planned.gsc().cone(vanishing.raDeg(), vanishing.decDeg(), 5 * ARCSEC, plateJd)
                .stream().filter(s -> s.kind().equals(TruthKind.VANISHING.label()))).isEmpty();
        assertThat(planned.skybot().cone(asteroid.raDeg(), asteroid.decDeg(), 5 * ARCSEC, plateJd))
                .extracting(ArchiveSource::id).contains(asteroid.name());
        assertThat(planned.skybot().cone(asteroid.raDeg(), asteroid.decDeg(), 5 * ARCSEC, plateJd + 30)).isEmpty();
        // Where no plan cut-out reaches, every archive is empty.
        assertThat(planned.gsc().cone(TILE.raDeg() + 5, TILE.decDeg(), 0.2, plateJd)).isEmpty();
        assertThat(planned.supercosmos().cone(TILE.raDeg() + 5, TILE.decDeg(), 0.2, plateJd)).isEmpty();
        assertThat(planned.ptf().cone(TILE.raDeg() + 5, TILE.decDeg(), 0.2, plateJd)).isEmpty();
    }

    @Test
    void aFreshStandInAnswersAboutATileItNeverServedAsTheOneThatServedIt() {
        PlannedCutouts served = new PlannedCutouts(SKY, List.of(TILE));
        served.cutouts().cutout(TILE.raDeg(), TILE.decDeg(), 20);
        // A restarted cluster's stand-ins: the same sky and plan, nothing served.
        PlannedCutouts fresh = new PlannedCutouts(SKY, List.of(TILE));
        double plateJd = RENDERED.plateEpoch().jd();
        for (TruthObject v : RENDERED.truth(TruthKind.VANISHING)) {
            List<ArchiveSource> answer = fresh.supercosmos().cone(v.raDeg(), v.decDeg(), 5 * ARCSEC, plateJd);
            assertThat(answer).as("SuperCOSMOS at vanishing source %s", v.id()).isNotEmpty()
                    .isEqualTo(served.supercosmos().cone(v.raDeg(), v.decDeg(), 5 * ARCSEC, plateJd));
        }
        for (KnownAsteroid a : RENDERED.asteroids()) {
            assertThat(fresh.skybot().cone(a.raDeg(), a.decDeg(), 5 * ARCSEC, plateJd)).as("SkyBoT at %s", a.name())
                    .isNotEmpty().isEqualTo(served.skybot().cone(a.raDeg(), a.decDeg(), 5 * ARCSEC, plateJd));
        }
        assertThat(fresh.gsc().cone(TILE.raDeg(), TILE.decDeg(), 0.1, plateJd)).isNotEmpty()
                .isEqualTo(served.gsc().cone(TILE.raDeg(), TILE.decDeg(), 0.1, plateJd));
        assertThat(fresh.ptf().cone(TILE.raDeg(), TILE.decDeg(), 0.1, plateJd)).isNotEmpty()
                .isEqualTo(served.ptf().cone(TILE.raDeg(), TILE.decDeg(), 0.1, plateJd));
    }
}
