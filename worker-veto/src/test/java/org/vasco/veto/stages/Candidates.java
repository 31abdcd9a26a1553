package org.vasco.veto.stages;

import java.util.Map;

/** Constructed candidates for stage tests. */
public final class Candidates {

    public static final String TILE = "tile_RA150.000_DECp20.000";
    /** JD of 1954-03-01 00:00 UTC. */
    public static final double JD = 2434802.5;

    private Candidates() {
    }

    public static Candidate at(int number, double ra, double dec) {
        return at(number, ra, dec, Map.of());
    }

    public static Candidate at(int number, double ra, double dec, Map<String, Double> measurements) {
        return new Candidate(TILE + ":" + number, TILE, "XE001", ra, dec, 1954.16, JD, measurements);
    }
}
