/**
 * The post stages of SPEC §9, one class each behind {@link org.vasco.veto.stages.VetoStage}, in release order:
 * S0M morphology, S0S pixel shape, S1 GSC, S2 SkyBoT, S3 SuperCOSMOS (keep only matches), S4 PTF, S5 VSX,
 * S6 Dec scope.
 */
package org.vasco.veto.stages;
