package org.vasco.coordinator.finalise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The post stages in release order (SPEC §9, the "shrinking set"): the order in which a candidate is "after stage X"
 * when no stage up to and including X rejected it. Stage names are those the veto worker writes to
 * {@code candidate_flag.stage}.
 */
public final class PostStages {

    /** S0M, S0S, S1 GSC, S2 SkyBoT, S3 SuperCOSMOS, S4 PTF, S5 VSX, S6 declination scope. */
    public static final List<String> RELEASE_ORDER = List.of("S0M_MORPH", "S0S_SHAPE", "S1_GSC", "S2_SKYBOT",
            "S3_SCOS", "S4_PTF", "S5_VSX", "S6_DEC");

    private PostStages() {
    }

    /** The given stage names in release order; names outside the release list follow, in name order. */
    public static List<String> ordered(Collection<String> present) {
        List<String> out = new ArrayList<>();
        for (String stage : RELEASE_ORDER) {
            if (present.contains(stage)) {
                out.add(stage);
            }
        }
        for (String stage : new TreeSet<>(present)) {
            if (!RELEASE_ORDER.contains(stage)) {
                out.add(stage);
            }
        }
        return out;
    }
}
