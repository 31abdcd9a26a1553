/**
 * In-process positional cross-matching: {@link org.vasco.common.sky.match.SkyIndex}, a Dec-zone index
 * over unit vectors that is exact across RA 0/360 and at the poles, and
 * {@link org.vasco.common.sky.match.SkyMatcher}, the STILTS {@code tskymatch2} pair modes (best1, best,
 * all) on top of it. It replaces the reference pipeline's STILTS calls (SPEC §15) and is shared by the
 * step-4 veto chain, WCSFIX tie points, the post stages and the {@code vasco xmatch} command. Built on
 * primitive arrays so that millions of catalogue rows cost tens of bytes each.
 */
package org.vasco.common.sky.match;
