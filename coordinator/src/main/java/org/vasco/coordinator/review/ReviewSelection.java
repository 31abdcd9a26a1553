package org.vasco.coordinator.review;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vasco.common.text.UntrustedText;
import org.vasco.coordinator.api.ApiException;
import org.vasco.coordinator.api.ApiRequest;
import org.vasco.coordinator.api.Html;
import org.vasco.coordinator.api.SourceId;

/**
 * Which of a run's final candidates the review page shows, and in what order: the query parameters of
 * {@code GET /review/{run}}, applied by the server to the whole run before it pages.
 * <ul>
 *   <li>{@code state}: {@code unreviewed}, {@code reviewed}, or a latest verdict ({@code real}, {@code artefact},
 *       {@code unsure}); absent: every state;</li>
 *   <li>{@code plate}: one plate's candidates; absent: every plate;</li>
 *   <li>{@code verdict}: the stages' verdict, {@code flag} (a stage flagged it) or {@code keep} (every stage kept
 *       it); absent: both;</li>
 *   <li>{@code sort}: {@code candidate} (the default: tile, then object number), {@code snr-desc}, {@code snr-asc},
 *       {@code isolation} (farthest from any catalogue source first) or {@code plate}; ties, and candidates with no
 *       value (last), in candidate order, so paging is deterministic;</li>
 *   <li>{@code start}: the candidate the page starts at (the page links carry it); absent: the first.</li>
 * </ul>
 * The page starts at a candidate rather than at a count of rows: a reviewer working through {@code state=unreviewed}
 * takes candidates out of the selection as they decide, and "next page" must then show the candidates after the last
 * one seen, not skip as many as were decided. Any other parameter, or a value outside these, is refused with a 400
 * naming the parameter and the value.
 *
 * @param state  null for every review state
 * @param plate  null for every plate; checked against the run's plates by {@link ReviewQueue}
 * @param stages null for both stage verdicts
 * @param order  never null
 * @param start  a valid candidate id ({@link SourceId}); null for the first candidate of the selection
 */
record ReviewSelection(ReviewState state, String plate, StageVerdict stages, Order order, String start) {

    /** The parameters the page knows; anything else is a mistake (a typo, an old link) worth a 400. */
    static final Set<String> PARAMETERS = Set.of("state", "plate", "verdict", "sort", "start");
    /** Plate ids are a few letters and digits (XE002, XO123…): a longer value is no plate. */
    private static final int MAX_PLATE_LENGTH = 16;

    /** A review state to select. */
    enum ReviewState {
        UNREVIEWED("unreviewed", "not reviewed"), REVIEWED("reviewed", "reviewed"), REAL("real", "real"),
        ARTEFACT("artefact", "artefact"), UNSURE("unsure", "unsure");

        final String value;
        final String label;

        ReviewState(String value, String label) {
            this.value = value;
            this.label = label;
        }

        /** True when a candidate whose latest verdict is {@code latest} (null: none) is in this state. */
        boolean holds(String latest) {
            return switch (this) {
                case UNREVIEWED -> latest == null;
                case REVIEWED -> latest != null;
                default -> value.equals(latest);
            };
        }
    }

    /** The stages' verdict to select. */
    enum StageVerdict {
        FLAG("flag", "flagged by a stage"), KEEP("keep", "kept by every stage");

        final String value;
        final String label;

        StageVerdict(String value, String label) {
            this.value = value;
            this.label = label;
        }
    }

    /** The order of the page. */
    enum Order {
        CANDIDATE("candidate", "candidate"), SNR_DESC("snr-desc", "SNR_WIN, highest first"),
        SNR_ASC("snr-asc", "SNR_WIN, lowest first"), ISOLATION("isolation", "most isolated first"), PLATE("plate", "plate");

        final String value;
        final String label;

        Order(String value, String label) {
            this.value = value;
            this.label = label;
        }
    }

    /** @throws ApiException 400 naming the parameter and its value when a parameter is unknown or its value is not one of the accepted */
    static ReviewSelection of(ApiRequest request) throws ApiException {
        for (String name : request.query().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw ApiException.badRequest("Unknown query parameter " + UntrustedText.quoted(name)
                        + " on the review page; it takes " + String.join(", ", PARAMETERS.stream().sorted().toList()));
            }
        }
        ReviewState state = choice(request, "state", ReviewState.values(), s -> s.value);
        StageVerdict stages = choice(request, "verdict", StageVerdict.values(), s -> s.value);
        Order order = choice(request, "sort", Order.values(), o -> o.value);
        String plate = present(request, "plate");
        if (plate != null && (plate.length() > MAX_PLATE_LENGTH || !plate.chars().allMatch(ch -> ch < 128
                && Character.isLetterOrDigit(ch)))) {
            throw ApiException.badRequest("Query parameter plate=" + UntrustedText.quoted(plate)
                    + " is not a plate id (letters and digits, e.g. XE002)");
        }
        String start = present(request, "start");
        if (start != null) {
            try {
                SourceId.parse(start);
            } catch (ApiException e) {
                throw ApiException.badRequest("Query parameter start: " + e.getMessage());
            }
        }
        return new ReviewSelection(state, plate, stages, order == null ? Order.CANDIDATE : order, start);
    }

    /** The same selection starting at {@code at} (null: at its first candidate). */
    ReviewSelection startingAt(String at) {
        return new ReviewSelection(state, plate, stages, order, at);
    }

    /** The page's URL for this selection, only the parameters that differ from the defaults, in a fixed order. */
    String url(String runId) {
        Map<String, String> values = new LinkedHashMap<>();
        if (state != null) {
            values.put("state", state.value);
        }
        if (plate != null) {
            values.put("plate", plate);
        }
        if (stages != null) {
            values.put("verdict", stages.value);
        }
        if (order != Order.CANDIDATE) {
            values.put("sort", order.value);
        }
        if (start != null) {
            values.put("start", start);
        }
        String query = values.entrySet().stream().map(e -> e.getKey() + "=" + Html.pathSegment(e.getValue()))
                .collect(Collectors.joining("&"));
        return "/review/" + Html.pathSegment(runId) + (query.isEmpty() ? "" : "?" + query);
    }

    private static String present(ApiRequest request, String name) {
        String value = request.query().get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static <E extends Enum<E>> E choice(ApiRequest request, String name, E[] values,
                                                Function<E, String> text) throws ApiException {
        String value = present(request, name);
        if (value == null) {
            return null;
        }
        for (E e : values) {
            if (text.apply(e).equals(value)) {
                return e;
            }
        }
        throw ApiException.badRequest("Query parameter " + name + "=" + UntrustedText.quoted(value) + " is not one of "
                + Arrays.stream(values).map(text).collect(Collectors.joining(", ")));
    }
}
