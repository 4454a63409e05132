-- Up Migration

-- The organisation that commissioned each process, as its CommissionOpened recorded it: the tenancy every audit
-- query across processes applies to each event it considers. Read from the events themselves, that probe costs a
-- random page of the whole table per event (a governance view of one council probes some 1,500); from this table
-- it is an index-only lookup among a few hundred pages. Kept by the trigger below in the appending transaction,
-- so it is never behind the events; like them, a row is never changed.
-- The key includes the organisation so that the probe reads it from the index alone.
CREATE TABLE process_owners (
  process_id uuid NOT NULL,
  organisation text NOT NULL,
  CONSTRAINT process_owners_pkey PRIMARY KEY (process_id) INCLUDE (organisation)
);

-- The first CommissionOpened of a process names its owner; a later one (the deciders never write one) changes
-- nothing, as the probe of the events it replaces took the first.
CREATE FUNCTION process_owner_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO process_owners (process_id, organisation)
  VALUES (NEW.process_id, NEW.data ->> 'organisation')
  ON CONFLICT (process_id) DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER events_record_process_owner AFTER INSERT ON events
  FOR EACH ROW WHEN (NEW.event_type = 'CommissionOpened' AND NEW.data ->> 'organisation' IS NOT NULL)
  EXECUTE FUNCTION process_owner_recorded();

INSERT INTO process_owners (process_id, organisation)
SELECT DISTINCT ON (process_id) process_id, data ->> 'organisation'
FROM events
WHERE event_type = 'CommissionOpened' AND data ->> 'organisation' IS NOT NULL
ORDER BY process_id, global_position;

CREATE FUNCTION process_owners_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'process owners are immutable: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER process_owners_no_update BEFORE UPDATE OR DELETE ON process_owners
  FOR EACH ROW EXECUTE FUNCTION process_owners_are_immutable();
CREATE TRIGGER process_owners_no_truncate BEFORE TRUNCATE ON process_owners
  FOR EACH STATEMENT EXECUTE FUNCTION process_owners_are_immutable();

-- Down Migration

DROP TRIGGER events_record_process_owner ON events;
DROP FUNCTION process_owner_recorded();
DROP TABLE process_owners;
DROP FUNCTION process_owners_are_immutable();
