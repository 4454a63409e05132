import type { StoredEvent } from '@cls/domain';
import type { Pool } from 'pg';

/** A stored event as the audit trail shows it: the envelope, its process and its hash (hex). */
export interface AuditEvent extends StoredEvent {
  processId: string;
  hash: string | null;
}

export type AuditOrder = 'asc' | 'desc';

/** Keyset paging by global position: `after` is the last position of the previous page, in the page's order. */
export interface AuditPage {
  order: AuditOrder;
  limit: number;
  after?: string;
}

export interface AuditFilter {
  /** Any of these event types. */
  types?: readonly string[];
  /** Events given by this actor id. */
  actorId?: string;
  /** Occurred at or after (an ISO instant). */
  from?: string;
  /** Occurred before (an ISO instant). */
  to?: string;
  /** Processes whose ContractAwarded names this supplier organisation, or events its provider staff gave. */
  provider?: string;
  /**
   * A named view's condition on the data: the top-level field `key` holds one of `values`. The key is written into
   * the statement (it comes from the views' table, never from a request) so that an index on that field matches.
   */
  dataIn?: { key: string; values: readonly string[] };
}

/** Tenancy: which processes a reader may see across the store. */
export interface AuditScope {
  /** Only processes this organisation commissioned (CommissionOpened's organisation). */
  organisation?: string;
}

/** What a provider may see of a process it supplies: the contract stream and what its own staff did. */
export interface SupplierVisibility {
  contractStreamId: string;
  organisation: string;
}

/** Who owns a process and who supplies it, from its CommissionOpened and ContractAwarded events. */
export interface ProcessFacts {
  exists: boolean;
  organisation?: string;
  suppliers: string[];
}

interface AuditRow {
  global_position: string;
  position_text: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: Omit<StoredEvent['metadata'], 'recordedAt'>;
  recorded_at: Date;
  process_text: string;
  hash_hex: string | null;
}

/** Which of an event's times an as-of query reads: when the database recorded it, or when it occurred in its workflow. */
export type AsOfTime = 'recorded' | 'occurred';

/**
 * The events at or before the instant in `placeholder`, by the time chosen, compared at the millisecond: the
 * store keeps microseconds, the API prints milliseconds, so an event's own instant as printed includes it.
 */
const asOfCondition = (time: AsOfTime, placeholder: string): string => {
  const at = `date_trunc('milliseconds', ${placeholder}::timestamptz)`;
  return time === 'recorded'
    ? `date_trunc('milliseconds', e.recorded_at) <= ${at}`
    : `(e.metadata->>'occurredAt')::timestamptz <= ${at}`;
};

const columns = `e.global_position, e.global_position::text AS position_text, e.event_id::text, e.stream_id, e.stream_version,
  e.event_type, e.schema_version, e.data, e.metadata, e.recorded_at, e.process_id::text AS process_text,
  encode(e.hash, 'hex') AS hash_hex`;

const toAuditEvent = (row: AuditRow): AuditEvent => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: row.position_text,
  type: row.event_type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: { ...row.metadata, recordedAt: row.recorded_at.toISOString() },
  processId: row.process_text,
  hash: row.hash_hex,
});

/** Collects positional parameters while a statement is assembled. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const suppliedProcesses = (supplier: string) =>
  `SELECT DISTINCT a.process_id FROM events a
   WHERE a.event_type = 'ContractAwarded' AND a.data #>> '{supplier,organisation}' = ${supplier}`;

const byProviderStaff = (organisation: string) =>
  `(e.metadata #>> '{actor,role}' = 'provider' AND e.metadata #>> '{actor,organisation}' = ${organisation})`;

const direction = (order: AuditOrder) => (order === 'asc' ? 'ASC' : 'DESC');

/**
 * Conditions every query shares. The driving index (process, type, actor, provider) is chosen by the caller;
 * these only filter what it yields.
 */
const conditions = (params: Params, filter: AuditFilter, page: AuditPage, scope: AuditScope, skip: { types?: boolean } = {}) => {
  const where: string[] = [];
  if (page.after !== undefined) where.push(`e.global_position ${page.order === 'asc' ? '>' : '<'} ${params.add(page.after)}::bigint`);
  if (filter.types && !skip.types) where.push(`e.event_type = ANY(${params.add(filter.types)}::text[])`);
  if (filter.actorId !== undefined) where.push(`e.metadata #>> '{actor,id}' = ${params.add(filter.actorId)}`);
  if (filter.from !== undefined) where.push(`e.occurred_at >= ${params.add(filter.from)}::timestamptz`);
  if (filter.to !== undefined) where.push(`e.occurred_at < ${params.add(filter.to)}::timestamptz`);
  if (filter.dataIn) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(filter.dataIn.key)) throw new Error(`not a data field name: ${filter.dataIn.key}`);
    where.push(`(e.data ->> '${filter.dataIn.key}') = ANY(${params.add(filter.dataIn.values)}::text[])`);
  }
  if (scope.organisation !== undefined) where.push(commissionedBy(params, scope.organisation, 'e'));
  return where;
};

/**
 * The row's process was commissioned by the organisation: a per-row probe of process_owners (an index-only lookup),
 * not `process_id IN (…)`. As a join the organisation's thousand processes would drive the plan, each probing the
 * type or actor index whole; as a filter, the type, actor or provider index drives it in position order and the
 * page stops early.
 */
const commissionedBy = (params: Params, organisation: string, alias: string) =>
  `(SELECT o.organisation FROM process_owners o WHERE o.process_id = ${alias}.process_id) = ${params.add(organisation)}`;

const whereClause = (where: readonly string[]) => (where.length > 0 ? `WHERE ${where.join(' AND ')}` : '');

/**
 * The audit trail's read side: a process's timeline, governance queries across processes, and history as of a
 * time. Every query is keyset-paged by global position and driven by an index (see the audit trail migration),
 * so a page costs the same on the first day and after a million events.
 */
export class AuditLog {
  constructor(private readonly pool: Pool) {}

  async processFacts(processId: string): Promise<ProcessFacts> {
    const { rows } = await this.pool.query<{ event_type: string; organisation: string | null; supplier: string | null }>(
      `SELECT event_type, data ->> 'organisation' AS organisation, data #>> '{supplier,organisation}' AS supplier
       FROM events WHERE process_id = $1 AND event_type IN ('CommissionOpened', 'ContractAwarded')
       ORDER BY global_position`,
      [processId],
    );
    const opened = rows.find((row) => row.event_type === 'CommissionOpened');
    const suppliers = [
      ...new Set(rows.flatMap((row) => (row.event_type === 'ContractAwarded' && row.supplier ? [row.supplier] : []))),
    ];
    return { exists: opened !== undefined, ...(opened?.organisation ? { organisation: opened.organisation } : {}), suppliers };
  }

  /** One page of a process's timeline. */
  async timeline(processId: string, filter: AuditFilter, page: AuditPage, visibility?: SupplierVisibility): Promise<AuditEvent[]> {
    const params = new Params();
    const where = [`e.process_id = ${params.add(processId)}`, ...conditions(params, filter, page, {})];
    if (filter.provider !== undefined) {
      const provider = params.add(filter.provider);
      where.push(`(e.process_id IN (${suppliedProcesses(provider)}) OR ${byProviderStaff(provider)})`);
    }
    if (visibility) where.push(this.visibleToSupplier(params, visibility));
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${columns} FROM events e ${whereClause(where)}
       ORDER BY e.global_position ${direction(page.order)} LIMIT ${params.add(page.limit)}`,
      params.values,
    );
    return rows.map(toAuditEvent);
  }

  /**
   * One page of events across processes. With a provider, the page is merged from the supplier's processes (a
   * bounded index range each) and its staff's actions; with types, from one ordered index range per type; so
   * neither a rare type nor a small provider ever walks the whole table.
   */
  async search(filter: AuditFilter, page: AuditPage, scope: AuditScope): Promise<AuditEvent[]> {
    const params = new Params();
    const order = direction(page.order);
    let sql: string;
    if (filter.provider !== undefined) {
      const provider = params.add(filter.provider);
      const where = conditions(params, filter, page, scope);
      const limit = params.add(page.limit);
      const inSupplied = `SELECT ${columns} FROM (${suppliedProcesses(provider)}) supplied
        CROSS JOIN LATERAL (SELECT * FROM events e WHERE ${['e.process_id = supplied.process_id', ...where].join(' AND ')}
                            ORDER BY e.global_position ${order} LIMIT ${limit}) e`;
      const byStaff = `SELECT ${columns} FROM events e WHERE ${[byProviderStaff(provider), ...where].join(' AND ')}
        ORDER BY e.global_position ${order} LIMIT ${limit}`;
      sql = `SELECT DISTINCT ON (global_position) * FROM ((${inSupplied}) UNION ALL (${byStaff})) found
        ORDER BY global_position ${order} LIMIT ${limit}`;
    } else if (filter.types && filter.types.length > 0) {
      const where = conditions(params, filter, page, scope, { types: true });
      const limit = params.add(page.limit);
      const perType = filter.types.map(
        (type) => `(SELECT ${columns} FROM events e WHERE ${[`e.event_type = ${params.add(type)}`, ...where].join(' AND ')}
          ORDER BY e.global_position ${order} LIMIT ${limit})`,
      );
      sql = `SELECT * FROM (${perType.join(' UNION ALL ')}) found ORDER BY global_position ${order} LIMIT ${limit}`;
    } else if (filter.actorId !== undefined && (filter.from !== undefined || filter.to !== undefined)) {
      // The actor's events in the period come from events_actor_occurred in time order, not position order, so
      // all of them are sorted before the page is cut. Sorting their positions first and probing the tenancy of
      // each only until the page is full (OFFSET 0 keeps the probe out of the sorted subquery) costs a probe a row
      // of the page rather than one a row of the period: a contract manager's quarter is a thousand events.
      const where = conditions(params, filter, page, {});
      const owned = scope.organisation === undefined ? '' : `WHERE ${commissionedBy(params, scope.organisation, 'c')}`;
      sql = `SELECT ${columns} FROM (
          SELECT c.global_position FROM (
            SELECT e.global_position, e.process_id FROM events e ${whereClause(where)} ORDER BY e.global_position ${order} OFFSET 0
          ) c ${owned} LIMIT ${params.add(page.limit)}
        ) page JOIN events e ON e.global_position = page.global_position
        ORDER BY e.global_position ${order}`;
    } else {
      const where = conditions(params, filter, page, scope);
      sql = `SELECT ${columns} FROM events e ${whereClause(where)} ORDER BY e.global_position ${order} LIMIT ${params.add(page.limit)}`;
    }
    const { rows } = await this.pool.query<AuditRow>(sql, params.values);
    return rows.map(toAuditEvent);
  }

  /** A stream's events at or before a time (recorded, or occurred: `time`), in version order. */
  async streamAsOf(streamId: string, at: string, time: AsOfTime = 'recorded'): Promise<AuditEvent[]> {
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${columns} FROM events e WHERE e.stream_id = $1 AND ${asOfCondition(time, '$2')} ORDER BY e.stream_version`,
      [streamId, at],
    );
    return rows.map(toAuditEvent);
  }

  /** Every event of a process at or before a time (recorded, or occurred: `time`), oldest first. */
  async processAsOf(processId: string, at: string, visibility?: SupplierVisibility, time: AsOfTime = 'recorded'): Promise<AuditEvent[]> {
    const params = new Params();
    const where = [`e.process_id = ${params.add(processId)}`, asOfCondition(time, params.add(at))];
    if (visibility) where.push(this.visibleToSupplier(params, visibility));
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${columns} FROM events e ${whereClause(where)} ORDER BY e.global_position`,
      params.values,
    );
    return rows.map(toAuditEvent);
  }

  private visibleToSupplier(params: Params, visibility: SupplierVisibility): string {
    return `(e.stream_id = ${params.add(visibility.contractStreamId)} OR ${byProviderStaff(params.add(visibility.organisation))})`;
  }
}
