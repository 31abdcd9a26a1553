package org.vasco.xmatch.science;

import java.util.ArrayList;
import java.util.List;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.sky.match.MatchMode;
import org.vasco.common.sky.match.MatchPairs;
import org.vasco.common.sky.match.SkyIndex;
import org.vasco.common.sky.match.SkyMatcher;

/**
 * The catalogue veto chain Gaia → PS1 → USNO-B (SPEC §6.5): each stage eliminates every remaining
 * detection that has any source of that catalogue within the radius (inclusive), matching each
 * detection to its nearest source ({@code find=best1}, so two detections near one star are both
 * eliminated — the reference's bug #1). A catalogue that does not cover the tile passes every row
 * through; a catalogue that is missing stops the chain with {@link MissingCatalogueException}.
 * Stateless and thread-safe.
 */
public final class VetoChain {

    private final double radiusArcsec;

    public VetoChain(double radiusArcsec) {
        if (!(radiusArcsec > 0)) {
            throw new IllegalArgumentException("veto radius must be positive arcsec, found " + radiusArcsec);
        }
        this.radiusArcsec = radiusArcsec;
    }

    /**
     * One stage of the chain.
     *
     * @param catalogue     the catalogue
     * @param covered       false when the catalogue does not cover the tile and the stage passed everything
     * @param rowsIn        rows entering the stage
     * @param detectionRow  per matched pair, the detection's index in the chain's input
     * @param sourceRow     per matched pair, the source's index in the {@link VetoSources}
     * @param separation    per matched pair, arcsec
     */
    public record Stage(Catalogue catalogue, boolean covered, int rowsIn, int[] detectionRow, int[] sourceRow,
                        double[] separation) {

        public int pairs() {
            return detectionRow.length;
        }

        /** Equal to {@link #pairs()}: each eliminated detection has exactly one best1 pair. */
        public int eliminated() {
            return detectionRow.length;
        }

        public int rowsOut() {
            return rowsIn - eliminated();
        }
    }

    /**
     * @param stages        Gaia, PS1, USNO-B in that order
     * @param eliminatedBy  per input row, the index of the stage that eliminated it, or −1 for survivors
     */
    public record Outcome(List<Stage> stages, int[] eliminatedBy) {

        public boolean survived(int row) {
            return eliminatedBy[row] < 0;
        }

        public int survivors() {
            int n = 0;
            for (int s : eliminatedBy) {
                if (s < 0) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * Runs the chain on candidate positions.
     *
     * @throws MissingCatalogueException when any of the three catalogues is null
     * @throws IllegalArgumentException  when a catalogue is passed in the wrong slot
     */
    public Outcome run(double[] ra, double[] dec, VetoSources gaia, VetoSources ps1, VetoSources usnob) {
        VetoSources[] chain = {gaia, ps1, usnob};
        Catalogue[] order = {Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB};
        for (int s = 0; s < 3; s++) {
            if (chain[s] == null) {
                throw new MissingCatalogueException("The " + order[s].label() + " neighbourhood is missing: the veto "
                        + "chain never runs without it (fetch it, or state that the catalogue does not cover the tile)");
            }
            if (chain[s].catalogue() != order[s]) {
                throw new IllegalArgumentException("veto stage " + (s + 1) + " expects " + order[s].label() + ", got "
                        + chain[s].catalogue().label());
            }
        }
        int n = ra.length;
        int[] eliminatedBy = new int[n];
        java.util.Arrays.fill(eliminatedBy, -1);
        List<Stage> stages = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int[] remaining = remaining(eliminatedBy);
            if (!chain[s].isCovered()) {
                stages.add(new Stage(order[s], false, remaining.length, new int[0], new int[0], new double[0]));
                continue;
            }
            double[] r = new double[remaining.length];
            double[] d = new double[remaining.length];
            for (int k = 0; k < remaining.length; k++) {
                r[k] = ra[remaining[k]];
                d[k] = dec[remaining[k]];
            }
            SkyIndex index = SkyIndex.build(chain[s].ra(), chain[s].dec(), radiusArcsec);
            MatchPairs pairs = SkyMatcher.match(r, d, index, radiusArcsec, MatchMode.BEST1);
            int[] detectionRow = new int[pairs.size()];
            int[] sourceRow = new int[pairs.size()];
            double[] separation = new double[pairs.size()];
            for (int k = 0; k < pairs.size(); k++) {
                detectionRow[k] = remaining[pairs.row1(k)];
                sourceRow[k] = pairs.row2(k);
                separation[k] = pairs.separationArcsec(k);
                eliminatedBy[detectionRow[k]] = s;
            }
            stages.add(new Stage(order[s], true, remaining.length, detectionRow, sourceRow, separation));
        }
        return new Outcome(List.copyOf(stages), eliminatedBy);
    }

    private static int[] remaining(int[] eliminatedBy) {
        return java.util.stream.IntStream.range(0, eliminatedBy.length).filter(i -> eliminatedBy[i] < 0).toArray();
    }
}
