-- The backlog of a step (coordinator.backlog.StepBacklog; KEDA's PostgreSQL scaler runs the same query): the due
-- QUEUED/RETRY rows of one step. A partial index holds only those rows, so counting them costs what the backlog is,
-- not what run_tile has accumulated over all runs (docs/performance.md, "The backlog query").
CREATE INDEX run_tile_backlog_idx ON run_tile (step, not_before) WHERE state IN ('QUEUED', 'RETRY');
