-- Up Migration

-- Projections no longer keep in their documents what their rows already hold: an event then costs the same late in
-- a contract's life as early. The documents are compacted here, as the projections now write them.

-- Due items: the concerns its contract fold must find when one is updated, kept apart from the document.
CREATE TABLE reporting.due_item_concerns (
  contract_id text NOT NULL,
  concern_id text NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (contract_id, concern_id)
);

INSERT INTO reporting.due_item_concerns (contract_id, concern_id, record)
SELECT document.contract_id, concern.key, concern.value
FROM reporting.projection_documents AS document,
  jsonb_each(document.document #> '{model,contract,management,concerns}') AS concern
WHERE document.projection = 'due-items' AND jsonb_typeof(document.document #> '{model,contract,management,concerns}') = 'object';

-- The items an event has named are rows; the document keeps only those known from the schedule alone.
UPDATE reporting.projection_documents
SET document = jsonb_set(document, '{model,items}', jsonb_path_query_array(document #> '{model,items}', '$[*] ? (@.scheduled == true)'))
WHERE projection = 'due-items';

UPDATE reporting.projection_documents
SET document = jsonb_set(
  document,
  '{model,contract,management}',
  (document #> '{model,contract,management}')
    || '{"returns": {}, "assessments": [], "reviews": {}, "concerns": {}, "inspections": [], "plans": [], "variations": [], "extensionsExercised": [], "placements": {}}'::jsonb
)
WHERE projection = 'due-items' AND jsonb_typeof(document #> '{model,contract,management}') = 'object';

UPDATE reporting.projection_documents SET document = jsonb_set(document, '{model,entries}', '[]') WHERE projection = 'governance-log';
UPDATE reporting.projection_documents SET document = jsonb_set(document, '{model,plans}', '[]') WHERE projection = 'plan-tracker';

-- Down Migration

-- The full documents are not kept: after going down, rebuild the read models (npm run rebuild -w apps/reporting).
DROP TABLE reporting.due_item_concerns;
