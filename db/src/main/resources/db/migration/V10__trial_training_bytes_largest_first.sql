-- What one training step of a trial needs in memory (the layer table's estimate at the sweep's batch size), so a
-- worker sharing a GPU claims only a trial that fits what the GPU has free; unknown (NULL) for trials planned before.
ALTER TABLE trials ADD COLUMN training_bytes BIGINT;

-- Claims take a sweep's largest trial first: with trials running side by side, starting the longest first ends the
-- sweep soonest (a small one last fills in beside it, where a large one last would run alone).
DROP INDEX trials_queued;
CREATE INDEX trials_queued ON trials (sweep_id, params DESC, id) WHERE status = 'QUEUED';
