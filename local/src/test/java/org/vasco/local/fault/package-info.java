/**
 * The fault suite (issue #9): real runs of the whole cluster on the synthetic sky — real broker, real
 * PostgreSQL, real SExtractor/PSFEx — disturbed by one fault each, left to recover without manual steps, then
 * checked against an undisturbed run of the same sky. {@link org.vasco.local.fault.FaultRun} runs the cluster,
 * {@link org.vasco.local.fault.RunSnapshot} records what a run produced and
 * {@link org.vasco.local.fault.RunInvariants} says what must hold. Every test class here is tagged
 * {@code fault}; surefire runs the tag with the rest of {@code mvn verify}, one class after another in one JVM
 * (stopping the shared broker or database would otherwise pull them from under a concurrent class).
 */
package org.vasco.local.fault;
