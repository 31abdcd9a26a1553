-- VSX, the AAVSO International Variable Star Index (CDS B/vsx), imported locally for the S5 post stage
-- (`vasco catalog import-vsx FILE`). Cone queries go through 1-arcminute declination zones.

CREATE TABLE vsx_star (
    oid         bigint,                            -- VSX internal identifier (null for slim CSV/FITS inputs)
    name        text NOT NULL,
    ra_deg      double precision NOT NULL,         -- J2000
    dec_deg     double precision NOT NULL,
    var_type    text,
    dec_zone    integer NOT NULL                   -- floor((dec_deg + 90) * 60)
);
CREATE INDEX vsx_star_zone_ra_idx ON vsx_star (dec_zone, ra_deg);

-- One row per completed import; the stage refuses to run while this is empty.
CREATE TABLE vsx_import (
    import_id     bigserial PRIMARY KEY,
    source        text NOT NULL,
    sha256        text NOT NULL,
    row_count     bigint NOT NULL,
    skipped_rows  bigint NOT NULL,
    imported_at   timestamptz NOT NULL DEFAULT now()
);

-- The post stages re-use a verdict only when the stage parameters and the candidate's inputs are unchanged:
-- the fingerprint of both is kept with each verdict.
ALTER TABLE candidate_flag ADD COLUMN fingerprint text;
