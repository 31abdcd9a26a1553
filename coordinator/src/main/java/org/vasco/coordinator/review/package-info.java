/**
 * The human review of a run's final candidates: the review page ({@code GET /review/{run}}: two epochs side by side
 * and blinked, catalogue circles, the deciding measurements first, keyboard verdicts, progress; filters and sorting
 * applied to the whole run before paging: {@link org.vasco.coordinator.review.ReviewSelection},
 * {@link org.vasco.coordinator.review.ReviewQueue}, {@link org.vasco.coordinator.review.CandidateIsolation}), the
 * image stamps ({@link org.vasco.coordinator.review.StampRenderer}) cut from each candidate's tile
 * ({@code GET /api/runs/{run}/candidates/{src_id}/stamp.png}) and from its modern-epoch DSS2 red cut-out, fetched once
 * and kept ({@link org.vasco.coordinator.review.ModernCutouts}, {@code …/modern.png}), the catalogue sources from the
 * xmatch step's kept neighbourhoods ({@link org.vasco.coordinator.review.FieldCatalogues}), the reviews as CSV
 * ({@code GET /api/runs/{run}/reviews.csv}, and into the run bundle on request), and the verdict
 * endpoint ({@code POST /api/runs/{run}/candidates/{src_id}/review}, bearer token from
 * {@code VASCO_REVIEW_TOKEN}) that records real/artefact/unsure with who and when in {@code review_verdict}.
 * {@link org.vasco.coordinator.review.ReviewRoutes} wires it, with the read-only JSON API, into the
 * coordinator's HTTP endpoint.
 */
package org.vasco.coordinator.review;
