-- The queue and the record. A trial row is the unit of work: workers move it
-- QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED under a lease (lease_expires_at, attempt).

CREATE TABLE sweeps (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    preset           VARCHAR(32),
    request          JSONB        NOT NULL,           -- the request as accepted, so a study can be rerun
    training         JSONB        NOT NULL,           -- the training recipe every trial of the sweep shares
    idempotency_key  VARCHAR(200) UNIQUE,
    reuse_results    BOOLEAN      NOT NULL DEFAULT TRUE,
    cancelled_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE trials (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id             BIGINT       NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    status               VARCHAR(16)  NOT NULL DEFAULT 'QUEUED'
        CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    base_e               INTEGER      NOT NULL CHECK (base_e >= 1),
    incr_e               INTEGER      NOT NULL CHECK (incr_e >= 0),
    freq                 INTEGER      NOT NULL CHECK (freq >= 1),
    sr                   DOUBLE PRECISION NOT NULL CHECK (sr > 0 AND sr <= 1),
    pct_3x3              DOUBLE PRECISION NOT NULL CHECK (pct_3x3 >= 0 AND pct_3x3 <= 1),
    bypass               VARCHAR(8)   NOT NULL CHECK (bypass IN ('none', 'simple', 'complex')),
    seed                 BIGINT       NOT NULL,
    -- sizes are known when the trial is queued: the network trained and the same design at ImageNet scale
    params               BIGINT       NOT NULL,
    size_bytes           BIGINT       NOT NULL,
    imagenet_params      BIGINT       NOT NULL,
    imagenet_size_bytes  BIGINT       NOT NULL,
    -- identical architecture + recipe + dataset + seed share a key, so a finished result can be reused
    recipe_key           VARCHAR(64)  NOT NULL,
    attempt              INTEGER      NOT NULL DEFAULT 0,
    max_attempts         INTEGER      NOT NULL DEFAULT 3,
    worker               VARCHAR(200),
    lease_expires_at     TIMESTAMPTZ,
    top1                 DOUBLE PRECISION,
    top5                 DOUBLE PRECISION,
    result               JSONB,
    error                TEXT,
    reused_from          BIGINT       REFERENCES trials (id) ON DELETE SET NULL,
    queued_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at           TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ
);

-- claim order: older sweeps first, smaller models first within a sweep
CREATE INDEX trials_queued ON trials (sweep_id, params, id) WHERE status = 'QUEUED';
CREATE INDEX trials_leased ON trials (lease_expires_at) WHERE status = 'RUNNING';
CREATE INDEX trials_by_sweep ON trials (sweep_id, status);
CREATE INDEX trials_reusable ON trials (recipe_key) WHERE status = 'SUCCEEDED';

CREATE TABLE trial_epochs (
    trial_id           BIGINT      NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    attempt            INTEGER     NOT NULL,
    epoch              INTEGER     NOT NULL,
    train_loss         DOUBLE PRECISION NOT NULL,
    images_per_second  DOUBLE PRECISION NOT NULL,
    top1               DOUBLE PRECISION,
    top5               DOUBLE PRECISION,
    recorded_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (trial_id, attempt, epoch)
);

CREATE TABLE workers (
    name               VARCHAR(200) PRIMARY KEY,
    host               VARCHAR(200) NOT NULL,
    threads            INTEGER      NOT NULL,
    device             VARCHAR(32)  NOT NULL,
    started_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_heartbeat_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
