-- A fencing token per claim that only ever grows. Attempt numbers are reused (a release gives its attempt back,
-- retry-failed starts again from 0), so two live claims of one trial could share one; tokens cannot.
CREATE SEQUENCE trial_claims;
SELECT setval('trial_claims', coalesce((SELECT max(attempt) FROM trials), 0) + 1, false);

ALTER TABLE trials ADD COLUMN claim BIGINT;
UPDATE trials SET claim = attempt WHERE attempt > 0;

-- epochs belong to the claim that trained them, so a new claim's epoch 1 never collides with an old claim's
ALTER TABLE trial_epochs ADD COLUMN claim BIGINT;
UPDATE trial_epochs SET claim = attempt;
ALTER TABLE trial_epochs ALTER COLUMN claim SET NOT NULL;
ALTER TABLE trial_epochs DROP CONSTRAINT trial_epochs_pkey;
ALTER TABLE trial_epochs ADD PRIMARY KEY (trial_id, claim, epoch);
