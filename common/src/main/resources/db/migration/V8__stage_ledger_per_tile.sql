-- Stage ledgers without a run-wide lock. Before, every veto completion took an advisory lock on its run and recounted
-- the run's candidate_flag rows for each post stage (42 ms per stage at 235,000 rows), so the completions of one run
-- went one at a time. Now a completion writes its own tile's share of each stage's totals (stage_ledger_tile, recounted
-- from that tile's verdicts), and a run's totals are the sum of its tiles' shares: the view stage_ledger, with the
-- columns the table of that name had, so its readers are unchanged. A stage's parameters and fingerprint stay one row
-- per run (stage_ledger_run), written when they change.
ALTER TABLE stage_ledger RENAME TO stage_ledger_run;
ALTER TABLE stage_ledger_run RENAME CONSTRAINT stage_ledger_pkey TO stage_ledger_run_pkey;
ALTER TABLE stage_ledger_run RENAME CONSTRAINT stage_ledger_run_id_fkey TO stage_ledger_run_run_id_fkey;

CREATE TABLE stage_ledger_tile (
    run_id              text NOT NULL REFERENCES run (run_id),
    stage               text NOT NULL,
    tile_id             text NOT NULL,
    input_rows          integer NOT NULL,
    kept_rows           integer NOT NULL,          -- flagged included
    flagged_rows        integer NOT NULL,
    rejected_rows       integer NOT NULL,
    rejected_by_reason  jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, stage, tile_id)
);

-- The tiles' shares of the ledgers written so far, from their verdicts (the rule the veto worker applies: a REJECT's
-- reason is split at commas, a missing one counts under "").
WITH flags AS (
    SELECT f.run_id, f.stage, ca.tile_id, f.verdict, f.reason
      FROM candidate_flag f
      JOIN candidate ca ON ca.run_id = f.run_id AND ca.src_id = f.src_id
      JOIN stage_ledger_run l ON l.run_id = f.run_id AND l.stage = f.stage
), counts AS (
    SELECT run_id, stage, tile_id, count(*) AS input_rows, count(*) FILTER (WHERE verdict <> 'REJECT') AS kept_rows,
           count(*) FILTER (WHERE verdict = 'FLAG') AS flagged_rows, count(*) FILTER (WHERE verdict = 'REJECT') AS rejected_rows
      FROM flags GROUP BY run_id, stage, tile_id
), reasons AS (
    SELECT run_id, stage, tile_id, jsonb_object_agg(reason, n) AS by_reason
      FROM (SELECT run_id, stage, tile_id, part AS reason, count(*) AS n
              FROM flags, unnest(CASE WHEN coalesce(flags.reason, '') = '' THEN ARRAY[''] ELSE string_to_array(flags.reason, ',') END) AS part
             WHERE verdict = 'REJECT' GROUP BY run_id, stage, tile_id, part) x
     GROUP BY run_id, stage, tile_id
)
INSERT INTO stage_ledger_tile (run_id, stage, tile_id, input_rows, kept_rows, flagged_rows, rejected_rows, rejected_by_reason)
SELECT c.run_id, c.stage, c.tile_id, c.input_rows, c.kept_rows, c.flagged_rows, c.rejected_rows, coalesce(r.by_reason, '{}'::jsonb)
  FROM counts c LEFT JOIN reasons r ON r.run_id = c.run_id AND r.stage = c.stage AND r.tile_id = c.tile_id;
-- A stage of the ledger none of a tile's candidates reached: a share of zeros, as the veto step writes one, so the
-- stage still shows in its run's ledger.
INSERT INTO stage_ledger_tile (run_id, stage, tile_id, input_rows, kept_rows, flagged_rows, rejected_rows)
SELECT DISTINCT l.run_id, l.stage, ca.tile_id, 0, 0, 0, 0
  FROM stage_ledger_run l JOIN candidate ca ON ca.run_id = l.run_id
 WHERE NOT EXISTS (SELECT 1 FROM stage_ledger_tile t WHERE t.run_id = l.run_id AND t.stage = l.stage AND t.tile_id = ca.tile_id);

ALTER TABLE stage_ledger_run DROP COLUMN input_rows, DROP COLUMN rejected_rows, DROP COLUMN kept_rows, DROP COLUMN totals;

-- A run's totals per stage, summed at read time, for the stages a tile's share was committed for; totals is the JSON
-- the table held (rejection_pct rounded to two decimals and written as Java writes a double: 12.5, 0.0, 100.0).
CREATE VIEW stage_ledger AS
SELECT l.run_id, l.stage, l.fingerprint, l.parameters,
       t.input_rows::integer AS input_rows,
       t.rejected_rows::integer AS rejected_rows,
       t.kept_rows::integer AS kept_rows,
       jsonb_build_object(
           'input_rows', t.input_rows,
           'kept_rows', t.kept_rows,
           'flagged_rows', t.flagged_rows,
           'rejected_rows', t.rejected_rows,
           'rejection_pct', CASE WHEN scale(trim_scale(p.pct)) = 0 THEN round(p.pct, 1) ELSE trim_scale(p.pct) END,
           'rejected_by_reason', coalesce(r.by_reason, '{}'::jsonb)) AS totals,
       greatest(l.updated_at, t.updated_at) AS updated_at
  FROM stage_ledger_run l
  JOIN (SELECT run_id, stage, sum(input_rows) AS input_rows, sum(kept_rows) AS kept_rows,
                    sum(flagged_rows) AS flagged_rows, sum(rejected_rows) AS rejected_rows, max(updated_at) AS updated_at
               FROM stage_ledger_tile GROUP BY run_id, stage) t ON t.run_id = l.run_id AND t.stage = l.stage
  LEFT JOIN (SELECT run_id, stage, jsonb_object_agg(reason, n) AS by_reason
               FROM (SELECT lt.run_id, lt.stage, e.key AS reason, sum(e.value::bigint) AS n
                       FROM stage_ledger_tile lt, jsonb_each_text(lt.rejected_by_reason) e
                      GROUP BY lt.run_id, lt.stage, e.key) x
              GROUP BY run_id, stage) r ON r.run_id = l.run_id AND r.stage = l.stage
  CROSS JOIN LATERAL (SELECT CASE WHEN t.input_rows = 0 THEN 0::numeric
                                  ELSE round(10000.0 * t.rejected_rows / t.input_rows) / 100.0 END AS pct) p;
