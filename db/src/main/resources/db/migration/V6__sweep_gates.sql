-- A finished sweep's verdict (api.gate.GateReport): the gates it was judged by, stored with it so that the next run
-- of the same preset and training finds its last passing baseline.
ALTER TABLE sweeps ADD COLUMN gates JSONB;
CREATE INDEX sweeps_passing ON sweeps (preset, id) WHERE (gates ->> 'passed') = 'true';
