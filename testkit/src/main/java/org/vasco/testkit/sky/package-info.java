/**
 * The synthetic sky: deterministic POSS-I-like plate cut-outs with their truth, for running the whole
 * pipeline offline (DESIGN.md "The synthetic sky").
 *
 * <p>The sky itself (stars and galaxies, with proper motions) is a pure function of the seed: it is
 * generated per fixed cell of the celestial sphere, so overlapping cut-outs and catalogue cones
 * around any centre see the same objects. What belongs to one plate exposure (dust specks, scratches,
 * emulsion defects, the injected "vanishing" sources, asteroids at the plate epoch, grain noise and
 * background) is a function of the seed, the plate and the cut-out centre and size.
 *
 * <p>Entry points: {@link org.vasco.testkit.sky.SyntheticSky} (configuration, rendering),
 * {@link org.vasco.testkit.sky.SkyTile} (FITS bytes, truth, catalogue neighbourhoods, files) and the
 * {@code vasco sky render} command {@link org.vasco.testkit.sky.SkyRenderCommand}, with the command-line options
 * every command on the synthetic sky shares ({@code SkySeedOption}, {@code CutoutSizeOption},
 * {@code NearestPlateOption}).
 */
package org.vasco.testkit.sky;
