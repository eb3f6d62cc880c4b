-- Fair claiming across sweeps (stride scheduling): every claim advances its sweep's pass by 1 / priority, and the
-- next claim goes to the sweep with queued work whose pass is lowest (ties: the one served least recently). Sweeps
-- take turns, a priority-2 sweep twice as often as a priority-1 one, so a 10,000-trial sweep cannot starve a
-- colleague's 5-trial sweep. The scheduler's clock is the pass of the latest claim; a sweep not served yet (pass
-- NULL) or back from idle counts as being at the clock, never behind it, so it cannot claim a burst.
ALTER TABLE sweeps ADD COLUMN priority INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 10);
ALTER TABLE sweeps ADD COLUMN pass DOUBLE PRECISION;
ALTER TABLE sweeps ADD COLUMN last_claim BIGINT;
