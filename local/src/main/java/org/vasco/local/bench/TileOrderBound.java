package org.vasco.local.bench;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * How long a few tiles of known cost take on K workers that each take the next waiting tile as soon as they are free
 * (list scheduling), so a scaling benchmark can tell the distribution's loss from the granularity of its tiles: six
 * tiles of 51–119 s taken in the order they came cannot run on two workers in less than the longest worker's sum,
 * however well the framework hands them out.
 */
final class TileOrderBound {

    private TileOrderBound() {
    }

    /** The time until the last tile ends when {@code workers} take the tiles of {@code costs} in this order. */
    static double makespan(List<Double> costs, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("At least one worker, found " + workers);
        }
        PriorityQueue<Double> freeAt = new PriorityQueue<>();
        for (int i = 0; i < workers; i++) {
            freeAt.add(0.0);
        }
        double end = 0;
        for (double cost : costs) {
            double done = freeAt.poll() + cost;
            end = Math.max(end, done);
            freeAt.add(done);
        }
        return end;
    }

    /** The same, the longest tiles first (what an ordering that knew each tile's cost beforehand would reach). */
    static double makespanLongestFirst(List<Double> costs, int workers) {
        return makespan(costs.stream().sorted(Comparator.reverseOrder()).toList(), workers);
    }
}
