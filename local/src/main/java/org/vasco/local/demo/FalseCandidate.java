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
 * @param profile    the science profile whose final candidate it is
 */
public record FalseCandidate(String srcId, String tileId, double raDeg, double decDeg, String trueKind, String trueDetail,
                             String profile) {

    /** What it really is, for the breakdown: the artefact's sub-kind ({@code artefact:dust_speck}), else the kind. */
    public String what() {
        if (trueKind.equals("artefact") && !trueDetail.isEmpty()) {
            return "artefact:" + trueDetail.split(" ")[0];
        }
        return trueKind;
    }
}
