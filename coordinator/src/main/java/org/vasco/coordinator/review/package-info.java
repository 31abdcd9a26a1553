/**
 * The human review of a run's final candidates: the review page ({@code GET /review/{run}}), the image stamps
 * cut from each candidate's tile ({@code GET /api/runs/{run}/candidates/{src_id}/stamp.png}) and the verdict
 * endpoint ({@code POST /api/runs/{run}/candidates/{src_id}/review}, bearer token from
 * {@code VASCO_REVIEW_TOKEN}) that records real/artefact/unsure with who and when in {@code review_verdict}.
 * {@link org.vasco.coordinator.review.ReviewRoutes} wires it, with the read-only JSON API, into the
 * coordinator's HTTP endpoint.
 */
package org.vasco.coordinator.review;
