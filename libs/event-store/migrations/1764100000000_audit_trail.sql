-- Up Migration

-- The contracting process a stream belongs to. Every stream is named `<kind>-<process uuid>` or
-- `<kind>-<process uuid>.<suffix>` (contract-…, tender-….1, plan-….2, placement-….3), so one process's streams share
-- it and its whole timeline is one index range, whatever kinds of stream are added later.
ALTER TABLE events ADD COLUMN process_id uuid GENERATED ALWAYS AS (
  substring(stream_id FROM '^[a-z]+-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:[.]|$)')::uuid
) STORED;
ALTER TABLE events ADD CONSTRAINT events_stream_names_a_process CHECK (process_id IS NOT NULL);

-- SHA-256 over the previous event's hash in the stream and this event's canonical form (see hash-chain.ts).
-- Null only for events stored before this migration until they are sealed (sealUnhashedEvents), which every
-- process does on start, right after migrating.
ALTER TABLE events ADD COLUMN hash bytea CONSTRAINT events_hash_is_sha256 CHECK (octet_length(hash) = 32);

-- Sealing is the one change an event may undergo: a hash given once to an event that had none, nothing else.
-- process_id is left out of the comparison because a BEFORE trigger cannot see generated columns; it follows
-- stream_id, which is compared.
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

-- A process's timeline, newest or oldest first, and its verification, in index order.
CREATE INDEX events_process_position ON events (process_id, global_position);
-- Governance queries by event type across processes.
CREATE INDEX events_type_position ON events (event_type, global_position);
-- What one person did, newest first, and what they did in a period.
CREATE INDEX events_actor_position ON events ((metadata #>> '{actor,id}'), global_position);
CREATE INDEX events_actor_occurred ON events ((metadata #>> '{actor,id}'), occurred_at);
-- What a provider's people did (the provider filter's second half).
CREATE INDEX events_provider_actor_position ON events ((metadata #>> '{actor,organisation}'), global_position)
  WHERE metadata #>> '{actor,role}' = 'provider';
-- Route decisions by route (the governance view of decisions that departed from a tender).
CREATE INDEX events_route_decided ON events ((data ->> 'route'), global_position) WHERE event_type = 'RouteDecided';
-- Which processes a supplier was awarded (the provider filter's first half and the provider's tenancy).
CREATE INDEX events_awarded_supplier ON events ((data #>> '{supplier,organisation}'), process_id)
  WHERE event_type = 'ContractAwarded';
-- Which processes an organisation commissioned (staff tenancy).
CREATE INDEX events_opened_organisation ON events ((data ->> 'organisation'), process_id)
  WHERE event_type = 'CommissionOpened';
-- A process's owner and supplier, looked up on every audit request.
CREATE INDEX events_process_facts ON events (process_id, event_type)
  WHERE event_type IN ('CommissionOpened', 'ContractAwarded');
-- Normally empty: the events still waiting to be sealed.
CREATE INDEX events_unsealed ON events (stream_id, stream_version) WHERE hash IS NULL;

-- A checkpoint covers every event up to a point in commit order (transaction, then position: the order in which
-- PostgresEventStore.readCommitted reads), and records the head (version and hash) of every stream that changed
-- since the previous checkpoint. The head of any stream as of checkpoint n is its latest head at or before n, so
-- rewriting or removing an event that a checkpoint covers shows, even when the rewrite re-chains the hashes.
-- Checkpoints chain too: each digest covers the previous digest and its own content.
CREATE TABLE audit_checkpoints (
  checkpoint_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamptz NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('periodic', 'on-demand')),
  requested_by text,
  covers_transaction_id xid8 NOT NULL,
  covers_position bigint NOT NULL,
  streams bigint NOT NULL CHECK (streams >= 0),
  events bigint NOT NULL CHECK (events >= 0),
  previous_digest bytea,
  digest bytea NOT NULL CHECK (octet_length(digest) = 32)
);

CREATE TABLE audit_checkpoint_heads (
  checkpoint_id bigint NOT NULL REFERENCES audit_checkpoints (checkpoint_id),
  stream_id text NOT NULL,
  process_id uuid NOT NULL,
  stream_version integer NOT NULL CHECK (stream_version > 0),
  hash bytea,
  PRIMARY KEY (checkpoint_id, stream_id)
);
CREATE INDEX audit_checkpoint_heads_process ON audit_checkpoint_heads (process_id, stream_id, checkpoint_id);

CREATE FUNCTION audit_checkpoints_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'checkpoints are immutable: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_are_immutable();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_are_immutable();
CREATE TRIGGER audit_checkpoint_heads_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint_heads
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_are_immutable();
CREATE TRIGGER audit_checkpoint_heads_no_truncate BEFORE TRUNCATE ON audit_checkpoint_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_are_immutable();

-- Down Migration

DROP TABLE audit_checkpoint_heads;
DROP TABLE audit_checkpoints;
DROP FUNCTION audit_checkpoints_are_immutable();
DROP INDEX events_unsealed;
DROP INDEX events_process_facts;
DROP INDEX events_opened_organisation;
DROP INDEX events_awarded_supplier;
DROP INDEX events_route_decided;
DROP INDEX events_provider_actor_position;
DROP INDEX events_actor_occurred;
DROP INDEX events_actor_position;
DROP INDEX events_type_position;
DROP INDEX events_process_position;
CREATE OR REPLACE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are immutable: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
ALTER TABLE events DROP COLUMN hash;
ALTER TABLE events DROP COLUMN process_id;
