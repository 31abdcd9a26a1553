package org.vasco.local.demo;

/**
 * A final candidate that is no injected vanishing source.
 *
 * @param srcId      the candidate
 * @param tileId     its tile
 * @param raDeg      its position
 * @param decDeg     its position
 * @param trueKind   what the nearest truth object within the match radius is (artefact, galaxy, star, asteroid), or unknown
 * @param trueDetail that object's sub-kind and id
 */
public record FalseCandidate(String srcId, String tileId, double raDeg, double decDeg, String trueKind, String trueDetail) {
}
