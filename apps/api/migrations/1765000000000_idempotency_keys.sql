-- Up Migration

-- The Idempotency-Key of each command request, per the IETF draft "The Idempotency-Key HTTP Header Field": a key is
-- the caller organisation's, so two organisations never share one. The row remembers which request the key was
-- first given to (the endpoint, and the SHA-256 of the body's JCS form) so that a reuse on another request is
-- refused, and the outcome once there is one, so that a retry is answered with it.
CREATE TABLE idempotency_keys (
  organisation text NOT NULL,
  idempotency_key text NOT NULL,
  -- Method, route template and the route's parameters, e.g. POST /contracts/:contractId/award {"contractId":"…"}.
  endpoint text NOT NULL,
  fingerprint bytea NOT NULL CHECK (octet_length(fingerprint) = 32),
  -- Drawn when the key is first used: the command's ids derive from it with the scope, so a key used again after
  -- it expired names a new command rather than the one Temporal may still remember.
  seed uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('in-progress', 'completed')),
  -- Held by the request working on the command; a retry finding it held is answered 409, one finding it free
  -- (the holder gave up after its bounded wait, or died) takes it and attaches to the same Temporal update.
  locked_until timestamptz,
  response_status smallint,
  -- json, not jsonb: the answer is replayed as it was written, members in their order.
  response_body json,
  response_location text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (organisation, idempotency_key),
  CHECK ((status = 'completed') = (response_status IS NOT NULL))
);

-- The purge deletes by expiry.
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);

-- Down Migration

DROP TABLE idempotency_keys;
