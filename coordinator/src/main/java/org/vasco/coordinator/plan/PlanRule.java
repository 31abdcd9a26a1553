package org.vasco.coordinator.plan;

/** The checks of SPEC §2.5, one constant per class of violation. */
public enum PlanRule {
    /** The header lacks one of the seven columns, or a row has the wrong number of fields. */
    SCHEMA,
    /** tile_id does not match {@code ^tile_RA[0-9]+\.[0-9]{3}_DEC[pm][0-9]+\.[0-9]{3}$}. */
    TILE_ID_FORMAT,
    /** ra_deg or dec_deg is not a number. */
    NOT_A_NUMBER,
    /** ra_deg outside [0, 360). */
    RA_RANGE,
    /** dec_deg outside [−90, 90]. */
    DEC_RANGE,
    /** dec_deg below the PS1 limit −29.5°. */
    PS1_DEC_LIMIT,
    /** size_arcmin is not exactly {@code 60}. */
    SIZE_ARCMIN,
    /** survey is not exactly {@code dss1-red}. */
    SURVEY,
    /** The centre encoded in tile_id is more than 0.0005° from ra_deg/dec_deg. */
    TILE_ID_CENTRE,
    /** plate_id is not a known plate. */
    UNKNOWN_PLATE,
    /** The tile centre is more than 2.2° (+1e-6) from its plate's centre. */
    PLATE_CORE,
    /** The tile_id appeared on an earlier row. */
    DUPLICATE_TILE_ID,
    /** Rows are not non-decreasing in (plate_id, plate_tile_idx), or plate_tile_idx is not an integer. */
    ORDER
}
