/**
 * The one-machine distribution: the {@code vasco} command ({@link org.vasco.local.Main},
 * {@link org.vasco.local.VascoCommand}) with every subcommand, and {@code vasco up}, which runs a whole cluster
 * ({@link org.vasco.local.cluster}) with its state under {@code .vasco/}. The only package that names the
 * sub-packages' commands; they never depend on it.
 */
package org.vasco.local;
