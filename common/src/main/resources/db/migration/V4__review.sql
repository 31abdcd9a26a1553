-- Human review of the final candidates (the review page): every decision is kept as a row, the latest per
-- candidate wins. No foreign key to candidate on purpose: re-running a tile's step 4 replaces its candidate
-- rows, and a reviewer's past decisions must neither block that nor vanish with it.
CREATE TABLE review_verdict (
    id              bigserial PRIMARY KEY,
    run_id          text NOT NULL REFERENCES run (run_id),
    src_id          text NOT NULL,                 -- <tile_id>:<NUMBER>, as candidate.src_id
    verdict         text NOT NULL CHECK (verdict IN ('real', 'artefact', 'unsure')),
    reviewer        text NOT NULL CHECK (length(reviewer) BETWEEN 1 AND 64),
    decided_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_verdict_latest_idx ON review_verdict (run_id, src_id, decided_at DESC, id DESC);
