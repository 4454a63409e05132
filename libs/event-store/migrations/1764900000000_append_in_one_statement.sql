-- Up Migration

-- An append as one statement, so one round trip and its own transaction: it checks and bumps the stream's version
-- (the row lock that serialises a stream's appends), reads the previous hash, hashes and inserts the events, and
-- notifies the relay. The hash covers the position and the recorded time, which only the database assigns; hashing
-- here, rather than in the client between two round trips inside a held lock, is what lets one statement do it all.
--
-- The canonical form is spliced exactly as verification splices stored events (stored-form.ts): RFC 8785 member
-- order, the client's JCS texts of data and metadata as they stand (the check constraints hold them to the jsonb),
-- identifiers as PostgreSQL prints them, strings escaped by to_json (the escapes JSON.stringify and RFC 8785 use),
-- times as utcText (hash-chain.ts) prints them. 'cls-event-sha256-jcs/1' is hashScheme and 'cls_events_appended'
-- is eventsAppendedChannel (event-store.ts).
--
-- Outcomes, one row per event unless said otherwise:
--   appended  written now; data and metadata are left null, as the caller sent them
--   retried   the stream already holds exactly these event ids at these versions (an earlier attempt committed):
--             nothing written, the stored events returned
--   conflict  one row: the stream is not at the expected version; `version` is where it is
-- A stream whose head has no hash yet (stored before the chain, not yet sealed) fails with SQLSTATE CLS01 and
-- writes nothing: sealing needs JCS, which SQL lacks, so the caller seals it and calls again.
CREATE FUNCTION append_events(
  p_stream_id text,
  p_expected_version integer,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_data_forms text[],
  p_metadata_forms text[],
  p_occurred_at text[]
) RETURNS TABLE (
  outcome text,
  version integer,
  global_position bigint,
  event_id uuid,
  stream_version integer,
  event_type text,
  schema_version integer,
  data jsonb,
  metadata jsonb,
  recorded_at timestamptz
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  event_count integer := cardinality(p_event_ids);
  next_version integer := p_expected_version + cardinality(p_event_ids);
  head bytea;
  recorded timestamptz;
  recorded_text text;
  occurred timestamptz;
  next_position bigint;
  positions regclass := pg_get_serial_sequence('events', 'global_position')::regclass;
BEGIN
  IF event_count IS NULL OR event_count = 0
     OR cardinality(p_types) IS DISTINCT FROM event_count OR cardinality(p_schema_versions) IS DISTINCT FROM event_count
     OR cardinality(p_data_forms) IS DISTINCT FROM event_count
     OR cardinality(p_metadata_forms) IS DISTINCT FROM event_count
     OR cardinality(p_occurred_at) IS DISTINCT FROM event_count THEN
    RAISE EXCEPTION 'append_events needs one or more events, each with every field' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- The guard and the lock in one: a concurrent append to the stream is waited for, and the condition is then
  -- checked again against the version it left. A stream's first append creates its row (or takes one at 0).
  IF p_expected_version = 0 THEN
    INSERT INTO event_streams AS streams (stream_id, version) VALUES (p_stream_id, next_version)
    ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version WHERE streams.version = 0;
  ELSE
    UPDATE event_streams AS streams SET version = next_version
    WHERE streams.stream_id = p_stream_id AND streams.version = p_expected_version;
  END IF;

  IF NOT FOUND THEN
    -- Stored events never change, so comparing them needs no lock.
    RETURN QUERY
      SELECT 'retried', next_version, stored.global_position, stored.event_id, stored.stream_version, stored.event_type,
             stored.schema_version, stored.data, stored.metadata, stored.recorded_at
      FROM events AS stored
      WHERE stored.stream_id = p_stream_id AND stored.stream_version > p_expected_version
        AND stored.stream_version <= next_version
        AND p_event_ids = ARRAY(SELECT same.event_id FROM events AS same
                                WHERE same.stream_id = p_stream_id AND same.stream_version > p_expected_version
                                  AND same.stream_version <= next_version
                                ORDER BY same.stream_version)
      ORDER BY stored.stream_version;
    IF NOT FOUND THEN
      RETURN QUERY
        SELECT 'conflict', coalesce((SELECT streams.version FROM event_streams AS streams WHERE streams.stream_id = p_stream_id), 0),
               NULL::bigint, NULL::uuid, NULL::integer, NULL::text, NULL::integer, NULL::jsonb, NULL::jsonb, NULL::timestamptz;
    END IF;
    RETURN;
  END IF;

  IF p_expected_version = 0 THEN
    head := decode(repeat('00', 32), 'hex');
  ELSE
    -- A statement of its own after the lock, so it sees the head committed by the append it may have waited for.
    SELECT stored.hash INTO head FROM events AS stored
    WHERE stored.stream_id = p_stream_id AND stored.stream_version = p_expected_version;
    IF head IS NULL THEN
      RAISE EXCEPTION 'stream % has events without a hash', p_stream_id USING ERRCODE = 'CLS01';
    END IF;
  END IF;

  -- One clock read after the lock, so a stream's recorded times never run backwards.
  recorded := clock_timestamp();
  recorded_text := to_char(recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  FOR i IN 1 .. event_count LOOP
    next_position := nextval(positions);
    occurred := p_occurred_at[i]::timestamptz;
    head := sha256(head || convert_to(
      '{"data":' || p_data_forms[i]
      || ',"eventId":"' || p_event_ids[i]::text
      || '","globalPosition":"' || next_position::text
      || '","metadata":' || p_metadata_forms[i]
      || ',"occurredAt":"' || to_char(occurred AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
      || '","recordedAt":"' || recorded_text
      || '","schemaVersion":' || p_schema_versions[i]::text
      || ',"scheme":"cls-event-sha256-jcs/1","streamId":' || to_json(p_stream_id)::text
      || ',"streamVersion":' || (p_expected_version + i)::text
      || ',"type":' || to_json(p_types[i])::text
      || '}', 'UTF8'));
    -- A null field would make the whole form, and so the hash, null: an unsealed event rather than an error.
    IF head IS NULL THEN
      RAISE EXCEPTION 'event % of the append has a null field', i USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO events (global_position, event_id, stream_id, stream_version, event_type, schema_version, data_form,
                        metadata_form, occurred_at, recorded_at, hash, data, metadata)
    OVERRIDING SYSTEM VALUE
    VALUES (next_position, p_event_ids[i], p_stream_id, p_expected_version + i, p_types[i], p_schema_versions[i],
            p_data_forms[i], p_metadata_forms[i], occurred, recorded, head, p_data_forms[i]::jsonb,
            p_metadata_forms[i]::jsonb);
    outcome := 'appended';
    version := next_version;
    global_position := next_position;
    event_id := p_event_ids[i];
    stream_version := p_expected_version + i;
    event_type := p_types[i];
    schema_version := p_schema_versions[i];
    data := NULL;
    metadata := NULL;
    recorded_at := recorded;
    RETURN NEXT;
  END LOOP;

  PERFORM pg_notify('cls_events_appended', p_stream_id);
END;
$$;

-- Down Migration

DROP FUNCTION append_events(text, integer, uuid[], text[], integer[], text[], text[], text[]);
