-- Stage framework: outbox rows that carry a tile task remember which run_tile row they serve, so the
-- publisher can stamp run_tile.published_at and the reconciler can tell a task still waiting in the
-- outbox from one that was lost.
ALTER TABLE outbox ADD COLUMN run_id text;
ALTER TABLE outbox ADD COLUMN step text;
CREATE INDEX outbox_pending_task_idx ON outbox (run_id, msg_key, step) WHERE published_at IS NULL;
