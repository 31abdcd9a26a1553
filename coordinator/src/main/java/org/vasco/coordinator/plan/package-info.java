/**
 * The tessellation plan (SPEC §2): which 1° tiles of which POSS-I E plates the pipeline covers, the plan
 * CSV in the reference's exact byte layout, and the validator with every check of SPEC §2.5.
 */
package org.vasco.coordinator.plan;
