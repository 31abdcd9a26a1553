package org.vasco.testkit.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vasco.common.sky.TanProjection;

/**
 * The known minor planets on one cut-out at its plate epoch, drawn from their own random stream so
 * that a SkyBoT stand-in can list them without rendering the image. The first one of each cut-out is
 * slow (near a stationary point, 0.5–2.5″/h) and so looks like a star on the plate; the others move
 * 8–40″/h, as main-belt asteroids near opposition do, and trail.
 */
final class AsteroidBelt {

    static final long ASTEROIDS = 0x41535445L;
    private static final double EDGE_MARGIN_PX = 20;
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "ten", "vas", "co", "del", "ma", "ri", "sol",
        "an", "bel", "tor", "ze", "phi", "nu", "os", "ly", "gar"};
    private static final String[] CLASSES = {"MB>Inner", "MB>Middle", "MB>Outer", "MB>Hilda", "Mars-Crosser"};

    private AsteroidBelt() {
    }

    static List<KnownAsteroid> on(SyntheticSky sky, String plateId, CutoutWcs wcs) {
        SplittableRandom rng = new SplittableRandom(SkySeeds.mix(sky.seed(), ASTEROIDS, SkySeeds.code(plateId),
                Math.round(wcs.centreRaDeg() * 1e6), Math.round(wcs.centreDecDeg() * 1e6), wcs.naxis()));
        TanProjection projection = wcs.projection();
        double span = wcs.naxis() - 2 * EDGE_MARGIN_PX;
        List<KnownAsteroid> out = new ArrayList<>();
        for (int k = 0; k < sky.asteroidCount(); k++) {
            double x = 0.5 + EDGE_MARGIN_PX + span * rng.nextDouble();
            double y = 0.5 + EDGE_MARGIN_PX + span * rng.nextDouble();
            double vMag = 15.5 + 3.5 * rng.nextDouble();
            double rate = k == 0 ? 0.5 + 2.0 * rng.nextDouble() : 8.0 + 32.0 * rng.nextDouble();
            double angle = 2 * Math.PI * rng.nextDouble();
            int number = 2000 + rng.nextInt(600000);
            double[] radec = wcs.toSky(projection, x, y);
            out.add(new KnownAsteroid(number, name(rng), radec[0], radec[1], vMag, rate * Math.cos(angle),
                    rate * Math.sin(angle), CLASSES[rng.nextInt(CLASSES.length)]));
        }
        return out;
    }

    private static String name(SplittableRandom rng) {
        int n = 2 + rng.nextInt(2);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(SYLLABLES[rng.nextInt(SYLLABLES.length)]);
        }
        b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
        return b.toString();
    }
}
