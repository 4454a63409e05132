-- Up Migration

-- A card's histories (KPI ratings, risk ratings, concerns, plans) grow with the contract's life. Each entry is now a
-- row of its own, appended or updated alone, and a card is gathered from them when read: provider_scorecards
-- becomes a view with the table's columns, so its readers see the same rows.
CREATE TABLE reporting.scorecard_cards (
  contract_id text PRIMARY KEY,
  organisation text NOT NULL,
  title text NOT NULL,
  provider_organisation text,
  provider_name text,
  risk_rating text NOT NULL,
  last_event_at timestamptz NOT NULL
);
CREATE INDEX scorecard_cards_organisation ON reporting.scorecard_cards (organisation, contract_id);
CREATE INDEX scorecard_cards_provider ON reporting.scorecard_cards (provider_organisation, contract_id);

-- Kept from a process's first event, before it has a provider and so a card: the card shows them once it has.
CREATE TABLE reporting.scorecard_entries (
  contract_id text NOT NULL,
  history text NOT NULL CHECK (history IN ('kpi_ratings', 'risk_history', 'concerns', 'plans')),
  -- The order entries were appended in: the order the card lists them.
  position bigint GENERATED ALWAYS AS IDENTITY,
  -- The assessment, rating change, concern or plan the entry is of: events that update an entry name it.
  entry_id text NOT NULL,
  entry jsonb NOT NULL,
  PRIMARY KEY (contract_id, history, position)
);
CREATE INDEX scorecard_entries_entry ON reporting.scorecard_entries (contract_id, history, entry_id);

INSERT INTO reporting.scorecard_cards
SELECT contract_id, organisation, title, provider_organisation, provider_name, risk_rating, last_event_at FROM reporting.provider_scorecards;

-- The projection's documents hold every process's histories, with or without a card.
INSERT INTO reporting.scorecard_entries (contract_id, history, entry_id, entry)
SELECT document.contract_id, history.name, entry.value ->> history.id_key, entry.value
FROM reporting.projection_documents AS document
CROSS JOIN (VALUES ('kpi_ratings', 'kpiRatings', 'assessmentId', 1), ('risk_history', 'riskHistory', 'changeId', 2),
                   ('concerns', 'concerns', 'concernId', 3), ('plans', 'plans', 'planId', 4)) AS history(name, field, id_key, rank)
CROSS JOIN LATERAL jsonb_array_elements(document.document -> 'model' -> history.field) WITH ORDINALITY AS entry(value, ordinality)
WHERE document.projection = 'provider-scorecards'
ORDER BY document.contract_id, history.rank, entry.ordinality;

UPDATE reporting.projection_documents
SET document = jsonb_set(document, '{model}', (document -> 'model') || '{"kpiRatings": [], "riskHistory": [], "concerns": [], "plans": []}'::jsonb)
WHERE projection = 'provider-scorecards';

DROP TABLE reporting.provider_scorecards;

CREATE VIEW reporting.provider_scorecards AS
SELECT
  card.contract_id,
  card.organisation,
  card.title,
  card.provider_organisation,
  card.provider_name,
  card.risk_rating,
  (SELECT coalesce(jsonb_agg(entry.entry ORDER BY entry.position), '[]') FROM reporting.scorecard_entries AS entry
   WHERE entry.contract_id = card.contract_id AND entry.history = 'kpi_ratings') AS kpi_ratings,
  (SELECT coalesce(jsonb_agg(entry.entry ORDER BY entry.position), '[]') FROM reporting.scorecard_entries AS entry
   WHERE entry.contract_id = card.contract_id AND entry.history = 'risk_history') AS risk_history,
  (SELECT coalesce(jsonb_agg(entry.entry ORDER BY entry.position), '[]') FROM reporting.scorecard_entries AS entry
   WHERE entry.contract_id = card.contract_id AND entry.history = 'concerns') AS concerns,
  (SELECT coalesce(jsonb_agg(entry.entry ORDER BY entry.position), '[]') FROM reporting.scorecard_entries AS entry
   WHERE entry.contract_id = card.contract_id AND entry.history = 'plans') AS plans,
  card.last_event_at
FROM reporting.scorecard_cards AS card;

-- Down Migration

-- The documents keep no histories after going up: after going down, rebuild the read models (npm run rebuild -w apps/reporting).
CREATE TABLE reporting.provider_scorecards_whole AS SELECT * FROM reporting.provider_scorecards;
DROP VIEW reporting.provider_scorecards;
DROP TABLE reporting.scorecard_entries;
DROP TABLE reporting.scorecard_cards;
ALTER TABLE reporting.provider_scorecards_whole RENAME TO provider_scorecards;
ALTER TABLE reporting.provider_scorecards
  ADD PRIMARY KEY (contract_id),
  ALTER COLUMN organisation SET NOT NULL,
  ALTER COLUMN title SET NOT NULL,
  ALTER COLUMN risk_rating SET NOT NULL,
  ALTER COLUMN kpi_ratings SET NOT NULL,
  ALTER COLUMN risk_history SET NOT NULL,
  ALTER COLUMN concerns SET NOT NULL,
  ALTER COLUMN plans SET NOT NULL,
  ALTER COLUMN last_event_at SET NOT NULL;
CREATE INDEX provider_scorecards_organisation ON reporting.provider_scorecards (organisation, contract_id);
CREATE INDEX provider_scorecards_provider ON reporting.provider_scorecards (provider_organisation, contract_id);
