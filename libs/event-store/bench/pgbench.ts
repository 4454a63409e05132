/**
 * pgbench beside the store's own append, on the same database in the same run: what PostgreSQL does with the
 * append's statements when the client costs next to nothing, the figure the append's throughput is read against.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { utcText } from '../src/hash-chain';

const run = promisify(execFile);

/** Where a pgbench client's appends go: the seeded streams of writer `client_id`, as the store's writers pick theirs. */
export const writerStream = (writer: number, slot: number, writers: number): number => 1 + writer + writers * slot;

/** SQL naming the benchmark's seeded stream number `k` (1 to BENCH_CONTRACTS). */
export const seededStream = (k: string): string => `'contract-' || md5('bench-contract-' || ${k})::uuid`;

/** utcText with its colons spelt chr(58): pgbench would take `:MI` and `:SS` in its format for variables. */
const utc = (expression: string): string => utcText(expression).replace('HH24:MI:SS', "HH24' || chr(58) || 'MI' || chr(58) || 'SS");

const pickStream = '\\set k 1 + :client_id + :writers * random(0, :per_writer - 1)';

/**
 * The transaction the store sent per append before append_events: its eight statements, each a round trip, with
 * the hash (computed by the client then) stood in for by a SHA-256 of the same bytes on the server.
 */
const formerAppend = `${pickStream}
BEGIN;
INSERT INTO event_streams (stream_id, version) VALUES (${seededStream(':k::integer')}, 0) ON CONFLICT DO NOTHING;
SELECT stream_id AS sid, version FROM event_streams WHERE stream_id = ${seededStream(':k::integer')} FOR UPDATE \\gset
SELECT ${utc('clock_timestamp()')} AS recorded,
       ARRAY(SELECT nextval(pg_get_serial_sequence('events', 'global_position')::regclass)::text
             FROM generate_series(1, 1)) AS positions,
       ARRAY(SELECT ${utc('at::timestamptz')} FROM unnest(ARRAY[:occurred::text]) WITH ORDINALITY AS given(at, n) ORDER BY n)
         AS occurred_list,
       (SELECT hash FROM events WHERE stream_id = :sid AND stream_version = :version) AS head \\gset
INSERT INTO events (global_position, event_id, stream_id, stream_version, event_type, schema_version, data_form,
                    metadata_form, occurred_at, recorded_at, hash, data, metadata)
OVERRIDING SYSTEM VALUE
VALUES ((:positions::bigint[])[1], gen_random_uuid(), :sid, :version + 1, 'NeedsAssessmentRecorded', 1, :data::text,
        :metadata::text, (:occurred_list::text[])[1]::timestamptz, :recorded::timestamptz,
        sha256(:head::bytea || convert_to(:data, 'UTF8')), :data::text::jsonb, :metadata::text::jsonb)
RETURNING global_position::text AS position_text, event_id::text, stream_id, stream_version, event_type,
  schema_version, data, metadata, recorded_at, transaction_id::text AS transaction_text;
UPDATE event_streams SET version = :version + 1 WHERE stream_id = :sid;
SELECT pg_notify('cls_events_appended', :sid);
COMMIT;
`;

/**
 * The statement the store sends per append now (PostgresEventStore.append), with the stream's version read in the
 * same statement, since pgbench does not carry it from one transaction to the next as the store's caller does.
 */
const oneStatementAppend = `${pickStream}
SELECT outcome, version, global_position::text AS position_text, event_id::text, stream_version, event_type,
       schema_version, data, metadata, recorded_at
FROM append_events(${seededStream(':k::integer')}, (SELECT version FROM event_streams WHERE stream_id = ${seededStream(':k::integer')}),
                   ARRAY[gen_random_uuid()], ARRAY['NeedsAssessmentRecorded'], ARRAY[1], ARRAY[:data::text],
                   ARRAY[:metadata::text], ARRAY[:occurred::text]);
`;

export const pgbenchScripts = {
  'the former append transaction (8 statements)': formerAppend,
  'the append statement (append_events)': oneStatementAppend,
} as const;

export type PgbenchScript = keyof typeof pgbenchScripts;

export interface PgbenchRun {
  binary: string;
  url: string;
  clients: number;
  threads: number;
  transactionsPerClient: number;
  writers: number;
  perWriter: number;
  /** The event's data and metadata as the store sends them: RFC 8785 texts. */
  data: string;
  metadata: string;
  occurredAt: string;
}

/** Runs one script with prepared statements (as the store's named statement is) and answers its transactions/s. */
export const runPgbench = async (script: PgbenchScript, options: PgbenchRun): Promise<number> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cls-pgbench-'));
  try {
    const file = path.join(dir, 'append.sql');
    await writeFile(file, pgbenchScripts[script]);
    const { stdout } = await run(
      options.binary,
      [
        '--no-vacuum',
        '--protocol=prepared',
        `--client=${options.clients}`,
        `--jobs=${options.threads}`,
        `--transactions=${options.transactionsPerClient}`,
        `--file=${file}`,
        `--define=writers=${options.writers}`,
        `--define=per_writer=${options.perWriter}`,
        `--define=data=${options.data}`,
        `--define=metadata=${options.metadata}`,
        `--define=occurred=${options.occurredAt}`,
        options.url,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = /^tps = ([\d.]+) \(without initial connection time\)$/m.exec(stdout)?.[1];
    const failed = /^number of failed transactions: (\d+)/m.exec(stdout)?.[1];
    if (tps === undefined || (failed !== undefined && failed !== '0')) throw new Error(`pgbench said:\n${stdout}`);
    return Number(tps);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
