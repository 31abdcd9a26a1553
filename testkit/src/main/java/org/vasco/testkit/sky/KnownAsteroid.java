package org.vasco.testkit.sky;

/**
 * A minor planet placed on a synthetic plate, as a SkyBoT-like service would list it for the plate
 * epoch and field.
 *
 * @param number               minor-planet number
 * @param name                 its name
 * @param raDeg                position at the plate epoch (DATE-OBS), degrees
 * @param decDeg               position at the plate epoch, degrees
 * @param vMagnitude           V magnitude
 * @param raRateArcsecPerHour  dRA·cosδ/dt, ″/h
 * @param decRateArcsecPerHour dDec/dt, ″/h
 * @param dynamicalClass       SkyBoT-style class, e.g. {@code MB>Middle}
 */
public record KnownAsteroid(int number, String name, double raDeg, double decDeg, double vMagnitude,
                            double raRateArcsecPerHour, double decRateArcsecPerHour, String dynamicalClass) {
}
