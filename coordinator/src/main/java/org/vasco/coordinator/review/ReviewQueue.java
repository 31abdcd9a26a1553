package org.vasco.coordinator.review;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.vasco.common.text.UntrustedText;
import org.vasco.coordinator.api.ApiException;
import org.vasco.coordinator.api.CandidateQueries.ReviewRow;

/**
 * One page of a run's review: the run's final candidates filtered and sorted as a {@link ReviewSelection} asks, over
 * the whole run, then cut at the selection's start candidate. Thread-safe.
 */
final class ReviewQueue {

    /** Tile, then object number: the default order and every other order's tie-break. */
    static final Comparator<ReviewRow> CANDIDATE_ORDER = Comparator.comparing(ReviewRow::tileId)
            .thenComparingInt(ReviewRow::objectNumber);

    private final CandidateIsolation isolation;
    private final int pageSize;

    ReviewQueue(CandidateIsolation isolation, int pageSize) {
        this.isolation = isolation;
        this.pageSize = pageSize;
    }

    /**
     * @param srcIds    the candidates of the page, in order
     * @param first     index of the page's first candidate among those selected
     * @param selected  how many of the run's final candidates the selection keeps
     * @param total     the run's final candidates
     * @param reviewed  those of them with at least one verdict
     * @param plates    the plates of the run's final candidates
     * @param previous  the previous page's selection, null on the first page
     * @param next      the next page's selection, null on the last
     */
    record Page(List<String> srcIds, int first, int selected, int total, int reviewed, SortedSet<String> plates,
                ReviewSelection previous, ReviewSelection next) {
    }

    /**
     * @param rows every final candidate of the run ({@link org.vasco.coordinator.api.CandidateQueries#reviewRows})
     * @throws ApiException 400 when the selection's plate or start candidate is not one of the run's final candidates'
     */
    Page page(String runId, List<ReviewRow> rows, ReviewSelection selection) throws ApiException, IOException {
        SortedSet<String> plates = new TreeSet<>();
        int reviewed = 0;
        ReviewRow start = null;
        List<ReviewRow> kept = new ArrayList<>();
        for (ReviewRow row : rows) {
            plates.add(row.plateId());
            reviewed += row.latestVerdict() == null ? 0 : 1;
            if (selection.start() != null && row.srcId().equals(selection.start())) {
                start = row;
            }
            if (keeps(selection, row)) {
                kept.add(row);
            }
        }
        if (selection.plate() != null && !plates.contains(selection.plate())) {
            throw ApiException.badRequest("Query parameter plate=" + UntrustedText.quoted(selection.plate())
                    + " is no plate of run " + runId + "'s final candidates; its plates: " + String.join(", ", plates));
        }
        if (selection.start() != null && start == null) {
            throw ApiException.badRequest("Query parameter start=" + UntrustedText.quoted(selection.start())
                    + " is no final candidate of run " + runId);
        }
        Comparator<ReviewRow> order = order(runId, selection.order(), start == null ? kept : with(kept, start));
        kept.sort(order);
        int first = 0;
        if (start != null) {
            // the start candidate may have left the selection since the link was made (reviewed under state=unreviewed):
            // the page then starts at the first selected candidate after where it stood
            int at = Collections.binarySearch(kept, start, order);
            first = at >= 0 ? at : -at - 1;
        }
        int end = Math.min(kept.size(), first + pageSize);
        List<String> ids = kept.subList(first, end).stream().map(ReviewRow::srcId).toList();
        ReviewSelection previous = first == 0 ? null
                : selection.startingAt(first <= pageSize ? null : kept.get(first - pageSize).srcId());
        ReviewSelection next = end < kept.size() ? selection.startingAt(kept.get(end).srcId()) : null;
        return new Page(ids, first, kept.size(), rows.size(), reviewed, plates, previous, next);
    }

    private static boolean keeps(ReviewSelection s, ReviewRow row) {
        return (s.state() == null || s.state().holds(row.latestVerdict()))
                && (s.plate() == null || s.plate().equals(row.plateId()))
                && (s.stages() == null || (s.stages() == ReviewSelection.StageVerdict.FLAG) == row.flagged());
    }

    /** The selection's order, ties in candidate order; candidates with no value last whichever the direction. */
    private Comparator<ReviewRow> order(String runId, ReviewSelection.Order order, List<ReviewRow> rows) throws IOException {
        return switch (order) {
            case CANDIDATE -> CANDIDATE_ORDER;
            case PLATE -> Comparator.comparing(ReviewRow::plateId).thenComparing(CANDIDATE_ORDER);
            case SNR_DESC -> byValue(r -> r.snrWin() == null ? Double.NaN : r.snrWin(), true);
            case SNR_ASC -> byValue(r -> r.snrWin() == null ? Double.NaN : r.snrWin(), false);
            case ISOLATION -> {
                Map<String, Double> arcsec = isolation.of(runId, rows);
                yield byValue(r -> arcsec.get(r.srcId()), true);
            }
        };
    }

    private static Comparator<ReviewRow> byValue(ToDoubleFunction<ReviewRow> value, boolean descending) {
        Comparator<ReviewRow> known = (a, b) -> {
            double x = value.applyAsDouble(a);
            double y = value.applyAsDouble(b);
            boolean xKnown = !Double.isNaN(x);
            boolean yKnown = !Double.isNaN(y);
            if (xKnown != yKnown) {
                return xKnown ? -1 : 1;
            }
            return !xKnown ? 0 : descending ? Double.compare(y, x) : Double.compare(x, y);
        };
        return known.thenComparing(CANDIDATE_ORDER);
    }

    private static List<ReviewRow> with(List<ReviewRow> rows, ReviewRow extra) {
        List<ReviewRow> out = new ArrayList<>(rows);
        out.add(extra);
        return out;
    }
}
