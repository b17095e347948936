-- Consent history (docs/adr/0137): one row per change of a preference, append-only, so the
-- service can show when a consent was given or withdrawn and by whom (GDPR art. 7(1)).
-- The rows are written by a trigger on `preference`, in the same transaction as the change,
-- whoever makes it: the API, the Lambda, an operator's psql session.
CREATE TABLE preference_event (
    id         BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    VARCHAR(128) NOT NULL CHECK (user_id ~ '^[A-Za-z0-9._:-]{1,128}$'),
    purpose    VARCHAR(128) NOT NULL CHECK (purpose ~ '^[A-Za-z0-9._:-]{1,128}$'),
    -- the value the change left: true or false, NULL when the preference was removed
    enabled    BOOLEAN,
    changed_at TIMESTAMPTZ  NOT NULL,
    -- the API's caller (its token's subject), else the database login that made the change
    changed_by VARCHAR(256) NOT NULL
);
CREATE INDEX preference_event_by_user ON preference_event (user_id, id);

-- Who is changing: the API sets `preferences.actor` for its statement's own transaction
-- (set_config(..., true)); any other writer is named by its login.
CREATE FUNCTION preference_actor() RETURNS VARCHAR AS $$
    SELECT coalesce(nullif(current_setting('preferences.actor', true), ''), 'db:' || session_user)
$$ LANGUAGE sql STABLE;

-- A change is a new row, a flipped value or a removal; re-sending the same value is none (the
-- upsert keeps updated_at then too).
CREATE FUNCTION record_preference_event() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO preference_event (user_id, purpose, enabled, changed_at, changed_by)
        VALUES (OLD.user_id, OLD.purpose, NULL, statement_timestamp(), preference_actor());
    ELSIF TG_OP = 'INSERT' OR OLD.enabled IS DISTINCT FROM NEW.enabled THEN
        INSERT INTO preference_event (user_id, purpose, enabled, changed_at, changed_by)
        VALUES (NEW.user_id, NEW.purpose, NEW.enabled, NEW.updated_at, preference_actor());
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER preference_history
    AFTER INSERT OR UPDATE OR DELETE ON preference
    FOR EACH ROW EXECUTE FUNCTION record_preference_event();

-- Append-only: a recorded change is never rewritten, by any login. Rows leave only with their
-- user (erasure deletes a user's whole history).
CREATE FUNCTION refuse_preference_event_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'preference_event is append-only: a recorded change cannot be updated';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER preference_event_append_only
    BEFORE UPDATE ON preference_event
    FOR EACH ROW EXECUTE FUNCTION refuse_preference_event_update();

-- The history starts with what is stored now: one event per existing preference.
INSERT INTO preference_event (user_id, purpose, enabled, changed_at, changed_by)
SELECT user_id, purpose, enabled, updated_at, 'migration:V2'
FROM preference
ORDER BY updated_at, user_id, purpose;
