-- Per-row outbox outcomes (OutboxPublisher): a row the broker can never take (larger than the producer's
-- max.request.size, a topic that does not exist or that the service may not write, ...) is marked failed and skipped
-- from then on, instead of failing the whole round; a row that failed for a passing reason is tried again after a
-- backoff of its own, without sending again the rows of its round that went through.
ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0;   -- sends that failed for a passing reason
ALTER TABLE outbox ADD COLUMN failed_at timestamptz;                 -- set once the row can never be sent
ALTER TABLE outbox ADD COLUMN failure text;                          -- why: the reason and the broker's error, printable

-- The rows still to send, in the order they are sent. Only they are in the index, so finding the next round costs what
-- is waiting, not what the outbox has accumulated.
DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE published_at IS NULL AND failed_at IS NULL;
-- The reconciler's "is this step's task still waiting in the outbox?": task rows only (a dead letter's key is
-- untrusted text and has no business in this index).
DROP INDEX outbox_pending_task_idx;
CREATE INDEX outbox_pending_task_idx ON outbox (run_id, msg_key, step)
    WHERE published_at IS NULL AND failed_at IS NULL AND step IS NOT NULL;
-- Pruning after VASCO_OUTBOX_RETENTION, and `vasco status`'s failed rows.
CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX outbox_failed_idx ON outbox (failed_at) WHERE failed_at IS NOT NULL;
