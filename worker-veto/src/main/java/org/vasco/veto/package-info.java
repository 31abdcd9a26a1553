/**
 * worker-veto: the veto step's service and its wiring — {@link org.vasco.veto.VetoWorker} (the main),
 * the settings of the post stages and of the late cuts, and {@link org.vasco.veto.ReleaseChain}, which builds the
 * enabled post stages from those settings. The sub-packages hold the stages, their clients and the chain runner and
 * never depend on this one.
 */
package org.vasco.veto;
