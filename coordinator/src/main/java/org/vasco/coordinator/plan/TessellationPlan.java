package org.vasco.coordinator.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.tile.TileId;

/**
 * The reference tessellation (SPEC §2.2): a 7×7 grid of 1° tiles around each plate centre, kept when the
 * rounded tile centre lies within the plate's reliable core and inside PS1 coverage. For the bundled
 * catalogue it yields 11,733 tiles on 904 plates.
 *
 * <p>The reference rounds with Python's {@code round(x, 3)}, which rounds the exact binary value of the
 * double half-to-even; {@link #pythonRound} reproduces that, because a half-up rounding of the decimal
 * string would move some tile centres by 0.001° and change their ids. Stateless.
 */
public final class TessellationPlan {

    public static final int TILE_SIZE_ARCMIN = 60;
    public static final String SURVEY = "dss1-red";
    /** MAPS/APS astrometry is reliable within 2.7° of the centre; minus half a tile. */
    public static final double MAPS_CORE_RADIUS_DEG = 2.2;
    /** A tile centre below this Dec would have its southern edge outside PS1 (Dec > −30°). */
    public static final double PS1_DEC_LIMIT = -29.5;
    /** Plates centred further south are skipped entirely. */
    public static final double PLATE_DEC_LIMIT = -30.0;
    static final int GRID_HALF_WIDTH = 3;

    private TessellationPlan() {
    }

    /** The whole plan, ordered by (plate_id, plate_tile_idx). */
    public static List<PlanTile> generate(PlateCatalogue plates) {
        List<PlanTile> plan = new ArrayList<>();
        Set<TileId> seen = new HashSet<>();
        for (Plate plate : plates.all()) {
            for (PlanTile tile : tilesOf(plate)) {
                // First plate wins (alphabetical order); never fires on the real catalogue (SPEC §2.2).
                if (seen.add(tile.tileId())) {
                    plan.add(tile);
                }
            }
        }
        return plan;
    }

    /** The tiles of one plate before cross-plate de-duplication, in plate_tile_idx order. */
    public static List<PlanTile> tilesOf(Plate plate) {
        double ra0 = plate.raDeg();
        double dec0 = plate.decDeg();
        if (dec0 < PLATE_DEC_LIMIT) {
            return List.of();
        }
        double cosDec0 = Math.cos(Math.toRadians(dec0));
        List<double[]> centres = new ArrayList<>();
        for (int dj = -GRID_HALF_WIDTH; dj <= GRID_HALF_WIDTH; dj++) {
            for (int di = -GRID_HALF_WIDTH; di <= GRID_HALF_WIDTH; di++) {
                double dec = dec0 + dj;
                if (dec < -90.0 || dec > 90.0) {
                    continue;
                }
                if (Math.abs(cosDec0) < 1e-6 && di != 0) {
                    continue;
                }
                double tileDec = pythonRound(dec, 3);
                // A fixed 1° arc step measured at the plate centre's Dec, as the reference does.
                double tileRa = pythonRound(pythonModulo(ra0 + di / cosDec0, 360.0), 3);
                if (SkyGeometry.separationDeg(ra0, dec0, tileRa, tileDec) > MAPS_CORE_RADIUS_DEG) {
                    continue;
                }
                if (tileDec < PS1_DEC_LIMIT) {
                    continue;
                }
                centres.add(new double[] {tileRa, tileDec});
            }
        }
        centres.sort(Comparator.<double[]>comparingDouble(c -> c[0]).thenComparingDouble(c -> c[1]));
        List<PlanTile> tiles = new ArrayList<>(centres.size());
        for (int idx = 0; idx < centres.size(); idx++) {
            double[] c = centres.get(idx);
            tiles.add(new PlanTile(plate.plateId(), idx, TileId.fromCentre(c[0], c[1]), c[0], c[1],
                    TILE_SIZE_ARCMIN, SURVEY));
        }
        return tiles;
    }

    /** Python's {@code round(x, digits)}: half-to-even on the exact binary value, result as the nearest double. */
    static double pythonRound(double x, int digits) {
        if (!Double.isFinite(x)) {
            return x;
        }
        return Double.parseDouble(new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString());
    }

    /** Python's float {@code x % m}: the result takes the sign of the divisor. */
    static double pythonModulo(double x, double m) {
        double r = x % m;
        if (r != 0 && (r < 0) != (m < 0)) {
            r += m;
        }
        return r;
    }
}
