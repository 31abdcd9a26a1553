package org.vasco.local.demo;

import java.util.Map;

/**
 * One injected vanishing source and what the run made of it, and what each science profile makes of it on the same
 * measured data.
 *
 * @param id              its truth id on the tile
 * @param tileId          the tile
 * @param raDeg           position at the plate epoch
 * @param decDeg          position at the plate epoch
 * @param magnitude       plate magnitude
 * @param expectedSnr     expected SNR_WIN
 * @param eligible        true when the reference criteria should keep it
 * @param ineligibleBecause why not (empty when eligible)
 * @param recovered       true when a final candidate of the run lies within the match radius
 * @param candidate       the matching candidate's src_id, or the nearest candidate row it became (empty when none)
 * @param removedBy       for a missed source, the stage or filter of the run that removed it (empty when recovered)
 * @param profiles        the same per science profile (the run's own included), by profile label
 */
public record InjectedSource(String id, String tileId, double raDeg, double decDeg, double magnitude, double expectedSnr,
                             boolean eligible, String ineligibleBecause, boolean recovered, String candidate, String removedBy,
                             Map<String, Result> profiles) {

    public InjectedSource {
        profiles = Map.copyOf(profiles);
    }

    /**
     * What one profile made of the source.
     *
     * @param recovered true when a final candidate of that profile lies within the match radius
     * @param candidate the matching candidate, or the nearest candidate row (empty when none)
     * @param removedBy for a missed source, where it was removed (empty when recovered)
     */
    public record Result(boolean recovered, String candidate, String removedBy) {
    }
}
