-- Up Migration

-- Each event's data and metadata as the hash chain covers them: their RFC 8785 (JCS) texts, written once, at
-- append, from the same canonical form the hash is computed over. jsonb keeps values, not texts, so without these
-- a verifier has the database print every jsonb and canonicalises the print: most of a verification's time.
-- With them, it hashes the texts as they are stored.
ALTER TABLE events ADD COLUMN data_form text, ADD COLUMN metadata_form text;

-- What makes hashing the texts enough: a form, once there, is the value of its jsonb column, so neither can be
-- rewritten without the other. Rewriting a form breaks its event's hash; dropping or invalidating a constraint
-- takes verification back to canonicalising the jsonb (see storedFormsGuarded in chain-walk.ts). A form is null
-- only for an event stored before this migration until it is filled (fillStoredForms, on every start).
ALTER TABLE events
  ADD CONSTRAINT events_data_form_is_the_data CHECK (data_form IS NULL OR data = data_form::jsonb),
  ADD CONSTRAINT events_metadata_form_is_the_metadata CHECK (metadata_form IS NULL OR metadata = metadata_form::jsonb);

-- Besides sealing (a hash given once to an event that had none), an event may be given its forms once; nothing
-- else about it ever changes.
CREATE OR REPLACE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF ((OLD.hash IS NULL AND NEW.hash IS NOT NULL) OR (OLD.data_form IS NULL AND NEW.data_form IS NOT NULL)
        OR (OLD.metadata_form IS NULL AND NEW.metadata_form IS NOT NULL))
       AND (OLD.hash IS NULL OR NEW.hash IS NOT DISTINCT FROM OLD.hash)
       AND (OLD.data_form IS NULL OR NEW.data_form IS NOT DISTINCT FROM OLD.data_form)
       AND (OLD.metadata_form IS NULL OR NEW.metadata_form IS NOT DISTINCT FROM OLD.metadata_form)
       AND (to_jsonb(NEW) - 'hash' - 'process_id' - 'data_form' - 'metadata_form')
         = (to_jsonb(OLD) - 'hash' - 'process_id' - 'data_form' - 'metadata_form') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'events are immutable: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

-- Normally empty: the events still waiting for their forms.
CREATE INDEX events_formless ON events (global_position) WHERE data_form IS NULL OR metadata_form IS NULL;

-- Down Migration

DROP INDEX events_formless;
CREATE OR REPLACE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND NEW.hash IS NOT NULL
       AND (to_jsonb(NEW) - 'hash' - 'process_id') = (to_jsonb(OLD) - 'hash' - 'process_id') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'events are immutable: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
ALTER TABLE events DROP COLUMN data_form, DROP COLUMN metadata_form;
