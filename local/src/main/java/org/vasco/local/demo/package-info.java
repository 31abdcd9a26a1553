/**
 * {@code vasco demo}: a whole local cluster on the synthetic sky, one plate submitted, its progress shown, and the
 * injected vanishing sources compared with the final candidates (the injection–recovery table); and {@code vasco run},
 * the same on the real archives after a reachability probe of each, without the recovery table.
 */
package org.vasco.local.demo;
