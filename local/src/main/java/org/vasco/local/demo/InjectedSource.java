package org.vasco.local.demo;

/**
 * One injected vanishing source and what the run made of it.
 *
 * @param id              its truth id on the tile
 * @param tileId          the tile
 * @param raDeg           position at the plate epoch
 * @param decDeg          position at the plate epoch
 * @param magnitude       plate magnitude
 * @param expectedSnr     expected SNR_WIN
 * @param eligible        true when the reference criteria should keep it
 * @param ineligibleBecause why not (empty when eligible)
 * @param recovered       true when a final candidate lies within the match radius
 * @param candidate       the matching candidate's src_id, or the nearest candidate row it became (empty when none)
 * @param removedBy       for a missed source, the stage or filter that removed it (empty when recovered)
 */
public record InjectedSource(String id, String tileId, double raDeg, double decDeg, double magnitude, double expectedSnr,
                             boolean eligible, String ineligibleBecause, boolean recovered, String candidate, String removedBy) {
}
