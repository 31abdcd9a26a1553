/**
 * {@code vasco demo}: a whole local cluster on the synthetic sky, one plate submitted, its progress shown, and the
 * injected vanishing sources compared with the final candidates (the injection–recovery table).
 */
package org.vasco.local.demo;
