-- What a sweep keeps of each trained trial: its weights (when it asks for them) and the compressions measured on
-- them. Both go with their trial, and so with their sweep, when it is deleted.
ALTER TABLE sweeps ADD COLUMN keep_weights BOOLEAN NOT NULL DEFAULT false;
-- the sweep's compression list (model.compression.CompressionSpec), applied to every trained trial
ALTER TABLE sweeps ADD COLUMN compression JSONB NOT NULL DEFAULT '[]';

-- The trained parameters in DJL's .params format with the design they were trained as (model.training.TrainedNetwork),
-- written by the claim that completed the trial. TOAST keeps the bytes out of the row; a few MB per trial.
CREATE TABLE trial_weights (
    trial_id   BIGINT      PRIMARY KEY REFERENCES trials (id) ON DELETE CASCADE,
    claim      BIGINT      NOT NULL,
    size_bytes BIGINT      NOT NULL,
    sha256     CHAR(64)    NOT NULL,
    data       BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One compression of one trial (model.compression.CompressionResult), at its position in the sweep's list.
CREATE TABLE trial_compressions (
    trial_id BIGINT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    position INT    NOT NULL,
    result   JSONB  NOT NULL,
    PRIMARY KEY (trial_id, position)
);
