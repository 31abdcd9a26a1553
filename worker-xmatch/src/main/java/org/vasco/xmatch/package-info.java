/**
 * worker-xmatch: the xmatch step's service ({@link org.vasco.xmatch.XmatchWorker}, the main that wires the stage to
 * the stage loop) and the step-4 science settings. The stage, the science and the catalogue clients live in the
 * sub-packages.
 */
package org.vasco.xmatch;
