-- One row per (user, purpose): the user's consent for that purpose and when it last changed.
-- Ids are validated by the API (1-128 chars of [A-Za-z0-9._:-]); the CHECKs keep the table honest
-- against any other writer.
CREATE TABLE preference (
    user_id    VARCHAR(128) NOT NULL CHECK (user_id ~ '^[A-Za-z0-9._:-]{1,128}$'),
    purpose    VARCHAR(128) NOT NULL CHECK (purpose ~ '^[A-Za-z0-9._:-]{1,128}$'),
    enabled    BOOLEAN      NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (user_id, purpose)
);
