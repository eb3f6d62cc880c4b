-- A change to what a sweep's view shows (its gates, its priority, its name, its cancellation) or its deletion is
-- announced like a change to its trials, so that live views and the API's cached views, in every process, read it
-- again. The payload is the one a many-trial change of trials_updated (V7) sends, so a cancel, which changes both the
-- sweep and its trials in one transaction, is still one event (PostgreSQL folds identical notifications of a
-- transaction). The claim's own updates (pass, last_claim) announce nothing: the trial they claim does.
CREATE FUNCTION dse_sweep_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('dse_events', json_build_object('type', 'sweep', 'sweep_id', OLD.id, 'trial_id', NULL,
        'status', NULL)::text);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER sweep_updated AFTER UPDATE ON sweeps FOR EACH ROW
    WHEN (OLD.gates IS DISTINCT FROM NEW.gates OR OLD.priority IS DISTINCT FROM NEW.priority
          OR OLD.name IS DISTINCT FROM NEW.name OR OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at)
    EXECUTE FUNCTION dse_sweep_changed();
CREATE TRIGGER sweep_deleted AFTER DELETE ON sweeps FOR EACH ROW EXECUTE FUNCTION dse_sweep_changed();
