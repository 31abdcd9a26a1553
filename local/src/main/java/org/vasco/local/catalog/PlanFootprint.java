package org.vasco.local.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.sky.healpix.HealpixCone;
import org.vasco.common.sky.healpix.NestedHealpix;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.xmatch.catalog.NeighbourhoodRadius;
import org.vasco.xmatch.mirror.HealpixFiveLayout;
import org.vasco.xmatch.mirror.MirrorLayout;
import org.vasco.xmatch.mirror.build.BuildCone;

/**
 * The sky a mirror is built for: the neighbourhoods of the plan's tiles (all of them, or those of some plates), as
 * cones and as the order-5 pixels those cones touch (with the cone search's pixel margin, so every pixel a worker
 * will read is in the mirror).
 */
record PlanFootprint(List<BuildCone> cones, Set<Long> pixels) {

    /**
     * @param plates the plates, or empty for the whole plan
     * @throws IllegalArgumentException naming a plate the plan does not have
     */
    static PlanFootprint of(List<String> plates, Catalogue catalogue, NeighbourhoodRadius radius) {
        PlateCatalogue all = PlateCatalogue.bundled();
        List<PlanTile> plan = TessellationPlan.generate(all);
        List<PlanTile> tiles = new ArrayList<>();
        if (plates.isEmpty()) {
            tiles.addAll(plan);
        } else {
            for (String plate : plates) {
                if (all.find(plate).isEmpty()) {
                    throw new IllegalArgumentException("plate " + plate + " is not in the plate catalogue (e.g. XE002)");
                }
                List<PlanTile> ofPlate = plan.stream().filter(t -> t.plateId().equals(plate)).toList();
                if (ofPlate.isEmpty()) {
                    throw new IllegalArgumentException("plate " + plate + " has no tiles in the plan (skipped by the tessellation)");
                }
                tiles.addAll(ofPlate);
            }
        }
        double arcmin = catalogue == Catalogue.PS1 ? Math.max(radius.arcmin(Catalogue.PS1), radius.arcmin(Catalogue.PS1_BRIGHT))
                : radius.arcmin(catalogue);
        NestedHealpix grid = new NestedHealpix(HealpixFiveLayout.ORDER);
        List<BuildCone> cones = new ArrayList<>();
        Set<Long> pixels = new TreeSet<>();
        for (PlanTile t : tiles) {
            if (!catalogue.covers(t.decDeg())) {
                continue;
            }
            cones.add(new BuildCone(t.tileId(), t.raDeg(), t.decDeg(), arcmin));
            for (long p : HealpixCone.pixels(grid, t.raDeg(), t.decDeg(), (arcmin + MirrorLayout.PIXEL_MARGIN_ARCMIN) / 60)) {
                pixels.add(p);
            }
        }
        return new PlanFootprint(cones, pixels);
    }
}
