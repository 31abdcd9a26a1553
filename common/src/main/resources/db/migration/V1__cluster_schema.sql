-- The VASCO cluster schema (DESIGN.md "Database"). PostgreSQL is the single source of truth for what
-- has happened; Kafka only carries doorbells. Never edit a released migration: add V2__… instead.

CREATE TABLE plate (
    plate_id        text PRIMARY KEY,              -- REGION, e.g. XE309
    ra_deg          double precision NOT NULL,     -- PLATERA (J2000)
    dec_deg         double precision NOT NULL,     -- PLATEDEC (J2000)
    date_obs        text,                          -- DATE-OBS as recorded (may carry overflowed times)
    plate_code      text,                          -- PLATEID
    plate_label     text,                          -- PLTLABEL
    exposure_min    double precision,
    emulsion        text,
    plate_grade     text,
    naxis1          integer,
    naxis2          integer,
    xpixelsz_um     double precision,
    plate_scale     double precision,              -- PLTSCALE, arcsec/mm
    survey          text
);

CREATE TABLE tile (
    tile_id         text PRIMARY KEY CHECK (tile_id ~ '^tile_RA[0-9]+\.[0-9]{3}_DEC[pm][0-9]+\.[0-9]{3}$'),
    plate_id        text NOT NULL REFERENCES plate (plate_id),
    plate_tile_idx  integer NOT NULL,
    ra_deg          double precision NOT NULL,
    dec_deg         double precision NOT NULL,
    size_arcmin     integer NOT NULL,
    survey          text NOT NULL,
    UNIQUE (plate_id, plate_tile_idx)
);

CREATE TABLE run (
    run_id          text PRIMARY KEY CHECK (run_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    mode            text NOT NULL DEFAULT 'full',
    steps           text[] NOT NULL,               -- the step graph of this run, in order
    parameters      jsonb NOT NULL DEFAULT '{}'::jsonb,
    state           text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'COMPLETE', 'FINALISED')),
    completed_at    timestamptz,
    finalised_at    timestamptz
);

CREATE TABLE run_tile (
    run_id          text NOT NULL REFERENCES run (run_id),
    tile_id         text NOT NULL REFERENCES tile (tile_id),
    step            text NOT NULL,
    state           text NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'RETRY', 'DONE', 'FAILED', 'SKIPPED')),
    attempt         integer NOT NULL DEFAULT 0,
    lease_owner     text,
    lease_until     timestamptz,
    not_before      timestamptz,                   -- RETRY: earliest time of the next attempt
    queued_at       timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,                   -- last time a task for this row went to the outbox
    started_at      timestamptz,
    finished_at     timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    outcome         text,                          -- StepOutcome of the last attempt
    reason          text,                          -- e.g. REJECT_NON_FITS, NOT_POSS1_E, PSF_FAILED
    error_class     text,
    error_message   text,
    metrics         jsonb NOT NULL DEFAULT '{}'::jsonb,
    trace_id        text,
    PRIMARY KEY (run_id, tile_id, step)
);
CREATE INDEX run_tile_state_idx ON run_tile (state, lease_until);
CREATE INDEX run_tile_run_step_idx ON run_tile (run_id, step, state);

-- The header registry: one row per downloaded tile, shared by all runs.
CREATE TABLE tile_download (
    tile_id             text PRIMARY KEY REFERENCES tile (tile_id),
    fits_path           text NOT NULL,
    sha256              text NOT NULL,
    bytes               bigint NOT NULL,
    region              text,                      -- the actual plate (FITS REGION), may differ from the plan
    survey              text,
    plate_code          text,                      -- PLATEID
    plate_label         text,                      -- PLTLABEL
    date_obs_raw        text,
    date_obs            timestamp,                 -- normalised (overflowed times carried)
    mjd_obs             double precision,
    epoch_year          double precision,          -- plate epoch, decimal year
    pixel_scale_arcsec  double precision,          -- measured from the CD matrix
    naxis1              integer,
    naxis2              integer,
    astrometry          text,                      -- cd, dss or cd+dss
    wcs_offsets         jsonb,                     -- CD vs DSS polynomial at centre and corners, arcsec
    selected_header     jsonb NOT NULL DEFAULT '{}'::jsonb,
    downloaded_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tile_summary (
    run_id          text NOT NULL REFERENCES run (run_id),
    tile_id         text NOT NULL REFERENCES tile (tile_id),
    counters        jsonb NOT NULL,                -- the SPEC §8.2 counters under their reference names
    wcsfix          jsonb,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, tile_id)
);

CREATE TABLE candidate (
    run_id          text NOT NULL REFERENCES run (run_id),
    src_id          text NOT NULL,                 -- <tile_id>:<NUMBER>
    tile_id         text NOT NULL REFERENCES tile (tile_id),
    plate_id        text NOT NULL,
    object_number   integer NOT NULL,
    ra_deg          double precision NOT NULL,
    dec_deg         double precision NOT NULL,
    plate_epoch     double precision,
    measurements    jsonb NOT NULL DEFAULT '{}'::jsonb,
    merged_ids      text[],                        -- S0 dedup: ids merged into this representative
    duplicate_of    text,                          -- S0 dedup: the representative when this row was merged
    PRIMARY KEY (run_id, src_id)
);
CREATE INDEX candidate_tile_idx ON candidate (run_id, tile_id);

CREATE TABLE candidate_flag (
    run_id          text NOT NULL,
    src_id          text NOT NULL,
    stage           text NOT NULL,
    verdict         text NOT NULL CHECK (verdict IN ('KEEP', 'REJECT', 'FLAG')),
    reason          text,
    details         jsonb NOT NULL DEFAULT '{}'::jsonb,
    decided_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, src_id, stage),
    FOREIGN KEY (run_id, src_id) REFERENCES candidate (run_id, src_id)
);

CREATE TABLE stage_ledger (
    run_id          text NOT NULL REFERENCES run (run_id),
    stage           text NOT NULL,
    fingerprint     text,
    parameters      jsonb NOT NULL DEFAULT '{}'::jsonb,
    input_rows      integer NOT NULL DEFAULT 0,
    rejected_rows   integer NOT NULL DEFAULT 0,
    kept_rows       integer NOT NULL DEFAULT 0,
    totals          jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, stage)
);

CREATE TABLE catalog_cache (
    catalog         text NOT NULL,                 -- gaia, ps1, usnob, ps1bright
    tile_id         text NOT NULL REFERENCES tile (tile_id),
    state           text NOT NULL CHECK (state IN ('FETCHING', 'READY', 'FAILED')),
    path            text,
    row_count       integer,
    radius_arcmin   double precision,
    complete        boolean NOT NULL DEFAULT false,
    split           boolean NOT NULL DEFAULT false,
    claimed_by      text,
    claim_until     timestamptz,
    fetched_at      timestamptz,
    details         jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (catalog, tile_id)
);

-- Transactional outbox: tasks are written here in the same transaction as the state change that
-- causes them, then published to Kafka. available_at delays retries (backoff) without sleeping.
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    topic           text NOT NULL,
    msg_key         text NOT NULL,
    payload         text NOT NULL,
    available_at    timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (available_at) WHERE published_at IS NULL;
