-- A change to what a sweep's view shows (its gates, its priority, its name) is announced like a change to its trials,
-- so that live views and the API's cached views, in every process, read it again. The claim's own updates (pass,
-- last_claim) announce nothing: the trial they claim does; so does a cancel, through the trials it cancels.
CREATE FUNCTION dse_sweep_updated() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('dse_events', json_build_object('type', 'sweep', 'sweep_id', NEW.id)::text);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER sweep_updated AFTER UPDATE ON sweeps FOR EACH ROW
    WHEN (OLD.gates IS DISTINCT FROM NEW.gates OR OLD.priority IS DISTINCT FROM NEW.priority
          OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION dse_sweep_updated();
