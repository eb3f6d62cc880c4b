-- Ask/tell search held in PostgreSQL: every design a sweep's sampler (or an outside one, through the API) proposed,
-- numbered in order, with what became of it. A restarted API resumes a search from these rows, and the proposals
-- endpoint reads them. sweeps.search_open: the search may still propose designs (its budget is not met), so the sweep
-- is not finished when its trials so far are.
CREATE TABLE search_proposals (
    sweep_id    BIGINT           NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    number      INTEGER          NOT NULL CHECK (number >= 1),
    origin      VARCHAR(16)      NOT NULL CHECK (origin IN ('random', 'tpe', 'nsga2', 'external')),
    base_e      INTEGER          NOT NULL,
    incr_e      INTEGER          NOT NULL,
    freq        INTEGER          NOT NULL,
    sr          DOUBLE PRECISION NOT NULL,
    pct_3x3     DOUBLE PRECISION NOT NULL,
    bypass      VARCHAR(8)       NOT NULL CHECK (bypass IN ('none', 'simple', 'complex')),
    variant     VARCHAR(8)       NOT NULL CHECK (variant IN ('v1.0', 'v1.1')),
    outcome     VARCHAR(16)      NOT NULL CHECK (outcome IN ('queued', 'constrained')),
    reason      TEXT,
    proposed_at TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (sweep_id, number)
);
ALTER TABLE sweeps ADD COLUMN search_open BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX sweeps_search_open ON sweeps (id) WHERE search_open;
-- A search's report and its closing change what the sweep's view shows (its counts, its status): announced like the
-- other changes of V9, so that cached and live views read the sweep again.
DROP TRIGGER sweep_updated ON sweeps;
CREATE TRIGGER sweep_updated AFTER UPDATE ON sweeps FOR EACH ROW
    WHEN (OLD.gates IS DISTINCT FROM NEW.gates OR OLD.priority IS DISTINCT FROM NEW.priority
          OR OLD.name IS DISTINCT FROM NEW.name OR OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at
          OR OLD.search IS DISTINCT FROM NEW.search OR OLD.search_open IS DISTINCT FROM NEW.search_open)
    EXECUTE FUNCTION dse_sweep_changed();
