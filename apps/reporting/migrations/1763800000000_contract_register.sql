-- Up Migration

CREATE SCHEMA reporting;

-- One row per contract: a fold of the contract's events, written only by the register projection.
CREATE TABLE reporting.contract_register (
  contract_id text PRIMARY KEY,
  title text NOT NULL,
  organisation text NOT NULL,
  stage text NOT NULL,
  last_event_type text NOT NULL,
  last_event_at timestamptz NOT NULL,
  -- The stream version of the last event applied: an older event arriving late never overwrites a newer state.
  version integer NOT NULL CHECK (version > 0)
);

-- The register is listed newest first, whole or by stage.
CREATE INDEX contract_register_newest ON reporting.contract_register (last_event_at DESC, contract_id);
CREATE INDEX contract_register_stage_newest ON reporting.contract_register (stage, last_event_at DESC, contract_id);

-- The events each projection has applied. Kafka delivers at least once; an event id seen before is skipped, so
-- each event takes effect once.
CREATE TABLE reporting.processed_events (
  projection text NOT NULL,
  event_id uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, event_id)
);

-- Down Migration

DROP SCHEMA reporting CASCADE;
