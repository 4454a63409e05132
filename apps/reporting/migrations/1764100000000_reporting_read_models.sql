-- Up Migration

-- Each read model below is a fold of a contracting process's events (its contract, tender and plan streams). The
-- fold's state per process is kept whole here, with the stream versions it has applied, so an event is folded
-- into exactly what came before it; the read model's rows are derived from it and replaced with it.
CREATE TABLE reporting.projection_documents (
  projection text NOT NULL,
  contract_id text NOT NULL,
  document jsonb NOT NULL,
  PRIMARY KEY (projection, contract_id)
);

-- How far each projection has got: the last event it applied (by the store's global position and recordedAt).
CREATE TABLE reporting.projection_positions (
  projection text PRIMARY KEY,
  global_position bigint NOT NULL,
  event_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL,
  applied_at timestamptz NOT NULL,
  events_applied bigint NOT NULL DEFAULT 0
);

-- The last topic offset each projection handled per partition: against the topic's high-water mark, its lag.
CREATE TABLE reporting.projection_offsets (
  projection text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  "offset" bigint NOT NULL,
  PRIMARY KEY (projection, topic, partition)
);

-- Provider scorecards: one row per contract, with its histories; a provider's card gathers its contracts' rows.
CREATE TABLE reporting.provider_scorecards (
  contract_id text PRIMARY KEY,
  organisation text NOT NULL,
  title text NOT NULL,
  provider_organisation text,
  provider_name text,
  risk_rating text NOT NULL,
  kpi_ratings jsonb NOT NULL,
  risk_history jsonb NOT NULL,
  concerns jsonb NOT NULL,
  plans jsonb NOT NULL,
  last_event_at timestamptz NOT NULL
);
CREATE INDEX provider_scorecards_organisation ON reporting.provider_scorecards (organisation, contract_id);
CREATE INDEX provider_scorecards_provider ON reporting.provider_scorecards (provider_organisation, contract_id);

-- What is due from or for a contract: returns, reviews and plan milestones, open until done.
CREATE TABLE reporting.due_items (
  contract_id text NOT NULL,
  item_id text NOT NULL,
  organisation text NOT NULL,
  provider_organisation text,
  kind text NOT NULL CHECK (kind IN ('return', 'review', 'plan-milestone')),
  description text NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done', 'closed')),
  -- The day the workflow recorded the item as overdue or missed; null while it has not.
  overdue_on date,
  done_on date,
  PRIMARY KEY (contract_id, item_id)
);
-- Listed by due date, open items only, within a tenancy.
CREATE INDEX due_items_open_organisation ON reporting.due_items (organisation, due_on, contract_id, item_id) WHERE status = 'open';
CREATE INDEX due_items_open_provider ON reporting.due_items (provider_organisation, due_on, contract_id, item_id) WHERE status = 'open';

-- Corrective action plans as their streams tell them.
CREATE TABLE reporting.plan_tracker (
  plan_id text PRIMARY KEY,
  contract_id text NOT NULL,
  organisation text NOT NULL,
  provider_organisation text,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  outcome text,
  approach text NOT NULL,
  trigger jsonb NOT NULL,
  problem text NOT NULL,
  opened_on date NOT NULL,
  closed_on date,
  actions jsonb NOT NULL,
  missed_milestones integer NOT NULL,
  escalations jsonb NOT NULL,
  last_reviewed_on date
);
CREATE INDEX plan_tracker_contract ON reporting.plan_tracker (contract_id);
CREATE INDEX plan_tracker_organisation ON reporting.plan_tracker (organisation, opened_on DESC, plan_id);
CREATE INDEX plan_tracker_provider ON reporting.plan_tracker (provider_organisation, opened_on DESC, plan_id);

-- Every decision a person or the workflow took that a governance board must be able to see, with who and why.
CREATE TABLE reporting.governance_log (
  event_id uuid PRIMARY KEY,
  contract_id text NOT NULL,
  organisation text NOT NULL,
  provider_organisation text,
  kind text NOT NULL,
  event_type text NOT NULL,
  stream_id text NOT NULL,
  global_position bigint NOT NULL,
  actor_id text NOT NULL,
  actor_role text NOT NULL,
  actor_organisation text NOT NULL,
  reason text,
  details jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX governance_log_contract ON reporting.governance_log (contract_id);
CREATE INDEX governance_log_organisation ON reporting.governance_log (organisation, global_position DESC);
CREATE INDEX governance_log_organisation_kind ON reporting.governance_log (organisation, kind, global_position DESC);

-- Down Migration

DROP TABLE reporting.governance_log;
DROP TABLE reporting.plan_tracker;
DROP TABLE reporting.due_items;
DROP TABLE reporting.provider_scorecards;
DROP TABLE reporting.projection_offsets;
DROP TABLE reporting.projection_positions;
DROP TABLE reporting.projection_documents;
