-- API tokens: only a SHA-256 of each token is kept (tokens are 256 random bits, so a fast hash is enough: there is
-- nothing to guess); the token itself is shown once, when created.
CREATE TABLE api_tokens (
    name          VARCHAR(100) PRIMARY KEY,
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
    token_sha256  CHAR(64)     NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ
);

-- who submitted a sweep (a token's name); a writer may cancel, retry and delete only its own
ALTER TABLE sweeps ADD COLUMN owner VARCHAR(100);
