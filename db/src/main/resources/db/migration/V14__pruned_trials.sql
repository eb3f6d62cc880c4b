-- Early stopping: a trial a sweep's pruner stops ends PRUNED, with the epoch (rung) it stopped at; the sweep keeps its
-- pruner (model.search.Pruner) for its workers to apply.
ALTER TABLE trials DROP CONSTRAINT trials_status_check;
ALTER TABLE trials ADD CONSTRAINT trials_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PRUNED'));
ALTER TABLE trials ADD COLUMN pruned_at_epoch INT;
ALTER TABLE sweeps ADD COLUMN pruner JSONB;
