package org.vasco.xmatch.science;

import java.util.List;
import java.util.Map;
import org.vasco.common.catalog.Catalogue;

/**
 * The outcome of step 4 for one tile, up to the catalogue veto. An empty survivor list is a valid result.
 *
 * @param survivors  the veto survivors (the USNO-B remainder): the candidates, in detection order
 * @param rejected   every other detection, with the stage (circle or veto) and reasons
 * @param counters   the SPEC §8.2 counters under the reference names, in a stable order (for tile_summary)
 * @param wcsfix     the WCSFIX status
 * @param vetoPairs  the matched pairs of each veto stage (the reference's sex_&lt;cat&gt;_xmatch.csv)
 * @param hpm        Gaia-matched detections flagged as high proper motion (annotation)
 */
public record CatalogueVetoResult(List<Survivor> survivors, List<RejectedDetection> rejected, Map<String, Object> counters,
                          WcsfixResult wcsfix, List<VetoPair> vetoPairs, List<HpmObject> hpm) {

    /**
     * One veto match.
     *
     * @param catalogue        the catalogue
     * @param detectionNumber  the detection's NUMBER
     * @param sourceRow        the source's row in its neighbourhood
     * @param separationArcsec separation at the plate epoch
     */
    public record VetoPair(Catalogue catalogue, int detectionNumber, int sourceRow, double separationArcsec) {
    }

    /**
     * One high-proper-motion flag (SPEC §6.9).
     *
     * @param detectionNumber  the detection's NUMBER
     * @param gaiaRow          the Gaia source's row in its neighbourhood
     * @param separationArcsec raw ALPHA/DELTA_J2000 to the star at the plate epoch
     * @param motionArcsec     the star's motion between 2016.0 and the plate epoch
     */
    public record HpmObject(int detectionNumber, int gaiaRow, double separationArcsec, double motionArcsec) {
    }

    public CatalogueVetoResult {
        survivors = List.copyOf(survivors);
        rejected = List.copyOf(rejected);
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
        vetoPairs = List.copyOf(vetoPairs);
        hpm = List.copyOf(hpm);
    }
}
