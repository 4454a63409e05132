import type { StoredEvent } from '@cls/domain';
import type { Pool, PoolClient } from 'pg';
import { applyInTransaction, inProjectionTransaction, inTransaction, type ApplyOptions, type ProjectionOutcome, type ProjectionStore } from './projection-transaction';
import { projectProcess, type ProcessDocument, type ProcessProjection } from './process-projection';

/** Anything the consumer and the rebuild feed events to. */
export interface Projector {
  readonly name: string;
  /** The tables a rebuild empties before replaying. */
  readonly tables: readonly string[];
  apply(contractId: string, event: StoredEvent, options?: ApplyOptions): Promise<ProjectionOutcome>;
  /** Events of one process, in order, in one transaction: one outcome per event. */
  applyAll(contractId: string, events: readonly StoredEvent[], options?: ApplyOptions): Promise<ProjectionOutcome[]>;
  /** As applyAll, within the caller's transaction. */
  applyWithin(client: PoolClient, contractId: string, events: readonly StoredEvent[], options: ApplyOptions): Promise<ProjectionOutcome[]>;
}

/** What each projection made of a batch: one outcome per event, in order. */
export interface ProjectorOutcomes {
  projection: string;
  outcomes: ProjectionOutcome[];
}

/**
 * Applies events of one process to every projection, in order, in one transaction: one connection and one commit
 * for the batch, rather than one per projection. A projection that refuses an event does not stop the others.
 */
export const applyToEvery = (
  pool: Pool,
  projectors: readonly Projector[],
  contractId: string,
  events: readonly StoredEvent[],
  options: ApplyOptions = {},
): Promise<ProjectorOutcomes[]> =>
  inTransaction(pool, options, async (client) => {
    const applied: ProjectorOutcomes[] = [];
    for (const projector of projectors) {
      applied.push({ projection: projector.name, outcomes: await projector.applyWithin(client, contractId, events, options) });
    }
    return applied;
  });

/** A projector whose every apply is a batch: one event is a batch of one. */
export abstract class BatchProjector<State> implements Projector {
  abstract readonly name: string;
  abstract readonly tables: readonly string[];

  constructor(protected readonly pool: Pool) {}

  protected abstract store(contractId: string): ProjectionStore<State>;

  async apply(contractId: string, event: StoredEvent, options: ApplyOptions = {}): Promise<ProjectionOutcome> {
    const [outcome] = await this.applyAll(contractId, [event], options);
    if (!outcome) throw new Error('A batch of one answered no outcome');
    return outcome;
  }

  applyAll(contractId: string, events: readonly StoredEvent[], options: ApplyOptions = {}): Promise<ProjectionOutcome[]> {
    return inProjectionTransaction(this.pool, this.name, events, options, this.store(contractId));
  }

  applyWithin(client: PoolClient, contractId: string, events: readonly StoredEvent[], options: ApplyOptions): Promise<ProjectionOutcome[]> {
    return applyInTransaction(client, this.name, events, options, this.store(contractId));
  }
}

/**
 * How a projection keeps a process's state small, so that an event costs the same late in a contract's life as
 * early: the parts of its model that its rows already hold are left out of the stored document and read back
 * from the rows only as far as a batch's events need them.
 */
export interface ModelStorage<Model> {
  /** The tables a rebuild empties. */
  readonly tables: readonly string[];
  /** The model as its document keeps it: without what the rows hold. */
  compact(model: Model): Model;
  /** The model the batch's events fold into: the compact one, with what they touch read back from the rows. */
  load(client: PoolClient, document: ProcessDocument<Model>, events: readonly StoredEvent[]): Promise<Model>;
  /** Writes the rows that changed between the document as loaded (none before the first event) and as folded. */
  write(client: PoolClient, loaded: ProcessDocument<Model> | undefined, folded: ProcessDocument<Model>): Promise<void>;
}

type Row = Record<string, unknown>;

export interface RowChanges<Row> {
  /** The column that tells a process's rows apart (beside contract_id), and the conflict target of an upsert. */
  key: keyof Row & string;
  conflict: string;
  /**
   * Whether every row shows the process's provider, so that naming it changes rows the batch did not load. Rows
   * always show the latest context (see ProcessProjection).
   */
  showsProvider: boolean;
}

/**
 * Writes a projection's rows as changes: the rows the loaded model gives are compared with those the folded one
 * gives, each changed one upserted and each gone one deleted, in at most three statements.
 */
export const writeChangedRows =
  <Model, R extends object>(projection: ProcessProjection<Model, R>, { key, conflict, showsProvider }: RowChanges<R>): ModelStorage<Model>['write'] =>
  async (client, loaded, folded) => {
    const table = `reporting.${projection.table}`;
    const { contractId } = folded.process;
    const keyOf = (row: Row): string => String(row[key]);
    const before = new Map((loaded ? (projection.rowsOf(loaded) as Row[]) : []).map((row) => [keyOf(row), JSON.stringify(row)]));
    const after = projection.rowsOf(folded) as Row[];
    const changed = after.filter((row) => before.get(keyOf(row)) !== JSON.stringify(row));
    const kept = new Set(after.map(keyOf));
    const gone = [...before.keys()].filter((id) => !kept.has(id));
    const provider = folded.process.provider?.organisation ?? null;
    if (showsProvider && loaded && (loaded.process.provider?.organisation ?? null) !== provider) {
      await client.query(`UPDATE ${table} SET provider_organisation = $2 WHERE contract_id = $1`, [contractId, provider]);
    }
    if (gone.length > 0) await client.query(`DELETE FROM ${table} WHERE contract_id = $1 AND ${key} = ANY($2)`, [contractId, gone]);
    const first = changed[0];
    if (!first) return;
    const columns = Object.keys(first);
    const updates = columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ');
    // Rows are JSON objects keyed by column name: PostgreSQL casts each field to its column's type.
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')})
       SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
       ON CONFLICT (${conflict}) DO UPDATE SET ${updates}`,
      [JSON.stringify(changed)],
    );
  };

/** Runs a pure process projection against PostgreSQL: its compact document, and its rows as they change. */
export class ProcessProjector<Model, R extends object> extends BatchProjector<ProcessDocument<Model>> {
  readonly name: string;
  readonly tables: readonly string[];

  constructor(
    pool: Pool,
    private readonly projection: ProcessProjection<Model, R>,
    private readonly storage: ModelStorage<Model>,
  ) {
    super(pool);
    this.name = projection.name;
    this.tables = storage.tables;
  }

  protected store(contractId: string): ProjectionStore<ProcessDocument<Model>> {
    let loaded: ProcessDocument<Model> | undefined;
    return {
      load: async (client, events) => {
        const stored = await this.documentForUpdate(client, contractId);
        loaded = stored && { ...stored, model: await this.storage.load(client, stored, events) };
        return loaded;
      },
      step: (document, event) => {
        const change = projectProcess(this.projection, document, contractId, event);
        return change.kind === 'write' ? { kind: 'write', state: change.document } : change;
      },
      save: async (client, document) => {
        await client.query(
          `INSERT INTO reporting.projection_documents (projection, contract_id, document) VALUES ($1, $2, $3)
           ON CONFLICT (projection, contract_id) DO UPDATE SET document = EXCLUDED.document`,
          [this.name, contractId, JSON.stringify({ ...document, model: this.storage.compact(document.model) })],
        );
        await this.storage.write(client, loaded, document);
      },
    };
  }

  private async documentForUpdate(client: PoolClient, contractId: string): Promise<ProcessDocument<Model> | undefined> {
    const { rows } = await client.query<{ document: ProcessDocument<Model> }>(
      `SELECT document FROM reporting.projection_documents WHERE projection = $1 AND contract_id = $2 FOR UPDATE`,
      [this.name, contractId],
    );
    return rows[0]?.document;
  }
}
