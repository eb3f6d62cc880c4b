-- Change events for live views (the API's /api/v1/events stream): the database says what changed, whichever process
-- changed it (the API, a worker on another machine). One notification per sweep per statement, not per row: a
-- 10,000-trial submit or cancel is one event. A statement that changed one trial names it.
CREATE FUNCTION dse_trials_inserted() RETURNS trigger AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT sweep_id, count(*) AS n FROM new_rows GROUP BY sweep_id LOOP
        PERFORM pg_notify('dse_events', json_build_object('type', 'sweep', 'sweep_id', r.sweep_id)::text);
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION dse_trials_updated() RETURNS trigger AS $$
DECLARE r record;
BEGIN
    -- heartbeats renew leases without changing a status: they notify nothing
    FOR r IN SELECT n.sweep_id, count(*) AS n, min(n.id) AS trial_id, min(n.status) AS status
             FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE o.status IS DISTINCT FROM n.status GROUP BY n.sweep_id LOOP
        PERFORM pg_notify('dse_events', json_build_object('type', CASE WHEN r.n = 1 THEN 'trial' ELSE 'sweep' END,
            'sweep_id', r.sweep_id, 'trial_id', CASE WHEN r.n = 1 THEN r.trial_id END,
            'status', CASE WHEN r.n = 1 THEN r.status END)::text);
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION dse_epochs_inserted() RETURNS trigger AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT e.trial_id, t.sweep_id, max(e.epoch) AS epoch FROM new_rows e JOIN trials t ON t.id = e.trial_id
             GROUP BY e.trial_id, t.sweep_id LOOP
        PERFORM pg_notify('dse_events', json_build_object('type', 'epoch', 'sweep_id', r.sweep_id,
            'trial_id', r.trial_id, 'epoch', r.epoch)::text);
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER trials_inserted AFTER INSERT ON trials REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dse_trials_inserted();
CREATE TRIGGER trials_updated AFTER UPDATE ON trials REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dse_trials_updated();
CREATE TRIGGER epochs_inserted AFTER INSERT ON trial_epochs REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dse_epochs_inserted();
