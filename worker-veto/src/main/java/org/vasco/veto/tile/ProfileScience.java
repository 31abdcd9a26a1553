package org.vasco.veto.tile;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.vasco.common.late.LateCuts;
import org.vasco.common.task.ScienceProfile;
import org.vasco.veto.chain.VetoChainRunner;

/**
 * What the veto step does on a tile of a run of one science profile: that profile's late cuts and post-stage chain.
 *
 * @param profile  the profile
 * @param lateCuts its late filters and spike cut
 * @param chain    its post stages
 */
public record ProfileScience(ScienceProfile profile, LateCuts lateCuts, VetoChainRunner chain) {

    public ProfileScience {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(lateCuts, "lateCuts");
        Objects.requireNonNull(chain, "chain");
    }

    /** The same cuts and chain for every profile (a worker wired for one science, such as a test's). */
    public static Map<ScienceProfile, ProfileScience> forEveryProfile(LateCuts lateCuts, VetoChainRunner chain) {
        Map<ScienceProfile, ProfileScience> all = new EnumMap<>(ScienceProfile.class);
        for (ScienceProfile p : ScienceProfile.values()) {
            all.put(p, new ProfileScience(p, lateCuts, chain));
        }
        return all;
    }
}
