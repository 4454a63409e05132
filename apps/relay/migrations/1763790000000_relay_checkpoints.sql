-- Up Migration

-- How far each relay has published, as a point in commit order (see PostgresEventStore.readCommitted): the
-- transaction, then the position within it. Saved only after the broker acknowledged everything up to it.
CREATE TABLE relay_checkpoints (
  relay_name text PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  global_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration

DROP TABLE relay_checkpoints;
