package org.vasco.common.psf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vasco.common.detection.Detection;
import org.vasco.common.sky.match.SkyIndex;
import org.vasco.common.tile.TileId;

/**
 * Which detections of a tile make its stellar locus, the catalogued stars the corrected profile judges each candidate
 * against (docs/science.md): detections inside the 30′ circle, within {@value #MATCH_ARCSEC}″ of a Gaia DR3 star with
 * {@value #G_BRIGHT} &lt; G &lt; {@value #G_FAINT} (catalogue epoch, as S0M's PSF stars), with no other detection
 * within {@value #ISOLATION_ARCSEC}″ (a blend is no reference for a single point source) and SNR_WIN at least
 * {@value #SNR_MIN}; of those, at most {@value #PER_BIN} per {@value #BIN_DEX} dex of SNR_WIN, picked in a fixed
 * order that is unrelated to position, so the faint end is represented as well as the bright and the fast path
 * measures a bounded number of them (a few hundred on a 60′ tile).
 *
 * <p>It decides from PSF-independent columns only (NUMBER, ALPHAWIN/DELTAWIN_J2000, SNR_WIN), which the fast path's
 * position pass has bit for bit as the full pass 2 has them: the xmatch step lists exactly these for measurement, and
 * the veto step finds the same set in either run mode. Stateless and thread-safe.
 */
public final class LocusStarSelection {

    public static final double MATCH_ARCSEC = PsfStarPositions.MATCH_ARCSEC;
    public static final double G_BRIGHT = 10.0;
    public static final double G_FAINT = 21.0;
    public static final double ISOLATION_ARCSEC = 10.0;
    public static final double SNR_MIN = 15.0;
    public static final double BIN_DEX = 0.1;
    public static final int PER_BIN = 40;

    private LocusStarSelection() {
    }

    /**
     * The NUMBERs of a tile's locus stars.
     *
     * @param detections every detection of the tile (positions and SNR_WIN; other columns are not read)
     * @param gaia       the tile's Gaia stars at catalogue epoch
     */
    public static Set<Integer> select(TileId tile, List<Detection> detections, Collection<PsfStarPositions.GaiaStar> gaia) {
        GaiaStarIndex catalogued = new GaiaStarIndex(gaia, G_BRIGHT, G_FAINT);
        double[] ra = new double[detections.size()];
        double[] dec = new double[detections.size()];
        for (int i = 0; i < ra.length; i++) {
            ra[i] = detections.get(i).alphawinJ2000();
            dec[i] = detections.get(i).deltawinJ2000();
        }
        SkyIndex all = SkyIndex.build(ra, dec, ISOLATION_ARCSEC);
        Map<Integer, List<Detection>> bins = new TreeMap<>();
        for (int i = 0; i < ra.length; i++) {
            Detection d = detections.get(i);
            if (!(d.snrWin() >= SNR_MIN) || !PsfStarPositions.insideCircle(tile, ra[i], dec[i])
                    || !catalogued.anyWithin(ra[i], dec[i], MATCH_ARCSEC) || !isolated(all, i, ra[i], dec[i])) {
                continue;
            }
            bins.computeIfAbsent((int) Math.floor(Math.log10(d.snrWin()) / BIN_DEX), k -> new ArrayList<>()).add(d);
        }
        Set<Integer> chosen = new TreeSet<>();
        for (List<Detection> bin : bins.values()) {
            bin.sort(Comparator.comparingLong(d -> order(d.number())));
            bin.stream().limit(PER_BIN).forEach(d -> chosen.add(d.number()));
        }
        return chosen;
    }

    private static boolean isolated(SkyIndex all, int row, double ra, double dec) {
        int[] others = {0};
        all.forEachWithin(ra, dec, ISOLATION_ARCSEC, (candidate, separation) -> {
            if (candidate != row) {
                others[0]++;
            }
        });
        return others[0] == 0;
    }

    /**
     * A fixed order of NUMBERs that does not follow SExtractor's, which numbers objects as it scans the image, so
     * that the first of a bin are spread over the tile (Knuth's multiplicative hash).
     */
    static long order(int number) {
        return (number * 2654435761L) & 0xFFFFFFFFL;
    }
}
