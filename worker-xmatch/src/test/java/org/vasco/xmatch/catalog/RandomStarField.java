package org.vasco.xmatch.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.TanProjection;
import org.vasco.testkit.archives.ConeSource;

/**
 * A deterministic random star field around a centre, seen through each catalogue's columns: the test
 * stand-in for the synthetic sky. Stars are uniform over a disc; magnitudes span 9–21.
 */
final class RandomStarField implements ConeSource {

    private final List<double[]> stars = new ArrayList<>();

    RandomStarField(long seed, double raDeg, double decDeg, double fieldRadiusDeg, int count) {
        Random random = new Random(seed);
        TanProjection plane = new TanProjection(raDeg, decDeg);
        while (stars.size() < count) {
            double x = (2 * random.nextDouble() - 1) * fieldRadiusDeg;
            double y = (2 * random.nextDouble() - 1) * fieldRadiusDeg;
            if (x * x + y * y > fieldRadiusDeg * fieldRadiusDeg) {
                continue;
            }
            double[] sky = plane.deproject(x, y);
            stars.add(new double[] {sky[0], sky[1], 9 + 12 * random.nextDouble(), random.nextGaussian() * 20, random.nextGaussian() * 20});
        }
    }

    /** An ArchiveService for a loopback server, with tiny backoffs and a high rate. */
    static ArchiveService service(String name, URI url, Duration timeout) {
        return new ArchiveService(name, url, timeout, 3, Duration.ofMillis(5), 1000.0);
    }

    @Override
    public List<String[]> cone(Catalogue catalogue, double raDeg, double decDeg, double radiusDeg) {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < stars.size(); i++) {
            double[] s = stars.get(i);
            if (SkyGeometry.separationDeg(raDeg, decDeg, s[0], s[1]) <= radiusDeg) {
                rows.add(row(catalogue, i, s));
            }
        }
        return rows;
    }

    /** The "ra dec" text keys of every star within a cone, as the servers print them. */
    Set<String> positionsWithin(double raDeg, double decDeg, double radiusDeg) {
        Set<String> keys = new TreeSet<>();
        for (double[] s : stars) {
            if (SkyGeometry.separationDeg(raDeg, decDeg, s[0], s[1]) <= radiusDeg) {
                keys.add(f(s[0], 8) + " " + f(s[1], 8));
            }
        }
        return keys;
    }

    int brightWithin(double raDeg, double decDeg, double radiusDeg, double limit) {
        int n = 0;
        for (int i = 0; i < stars.size(); i++) {
            double[] s = stars.get(i);
            if (i % 10 != 0 && s[2] <= limit && SkyGeometry.separationDeg(raDeg, decDeg, s[0], s[1]) <= radiusDeg) {
                n++;
            }
        }
        return n;
    }

    private static String[] row(Catalogue catalogue, int i, double[] s) {
        String ra = f(s[0], 8);
        String dec = f(s[1], 8);
        String m = f(s[2], 3);
        return switch (catalogue) {
            case GAIA -> new String[] {ra, dec, m, f(s[2] + 0.4, 3), f(s[2] - 0.5, 3), f(s[3], 3), f(s[4], 3), "1.2", ""};
            case PS1 -> new String[] {Long.toString(100000000000000000L + i), ra, dec, "7", m, m, m, m, "", ""};
            case USNOB -> new String[] {ra, dec, m, m, f(s[2] + 0.8, 2), "", m, f(s[3], 0), f(s[4], 0), ""};
            // Every tenth star has no PS1 r magnitude (MAST's -999 sentinel).
            case PS1_BRIGHT -> new String[] {ra, dec, i % 10 == 0 ? "" : f(s[2], 4)};
        };
    }

    private static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
