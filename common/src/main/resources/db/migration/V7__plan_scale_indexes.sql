-- The coordinator's periodic queries cost what is in flight, not what run_tile has accumulated over every run
-- (docs/performance.md, "The database at plan scale"; `vasco bench database` measures them on 655,256 rows).

-- Steps still waiting or running, by run: the finaliser skips a run that has one without reading its tiles, and the
-- reconciler finds the queued steps among them. Holds only those rows.
CREATE INDEX run_tile_unfinished_idx ON run_tile (run_id) WHERE state IN ('QUEUED', 'RUNNING', 'RETRY');
-- "Did a tile of this finalised run finish again since?": one probe per run instead of reading the run's rows.
CREATE INDEX run_tile_finished_idx ON run_tile (run_id, finished_at);
-- The reconciler's "was a tile of this run and step claimed within VASCO_RECONCILE_STALE?": the recent claims only.
CREATE INDEX run_tile_started_idx ON run_tile (started_at);
