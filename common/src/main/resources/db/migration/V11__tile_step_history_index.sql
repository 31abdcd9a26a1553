-- A run's tiles are queued longest first by what their last completed steps took (LongestTilesFirst): the
-- submission reads the latest DONE row of each of its tiles per step, so its cost follows the tiles submitted and
-- their own history, not everything run_tile has accumulated.
CREATE INDEX run_tile_tile_done_idx ON run_tile (tile_id, step, finished_at DESC) WHERE state = 'DONE';
