import type { StoredEvent } from '@cls/domain';
import type { Pool, PoolClient } from 'pg';
import { inProjectionTransaction, type ApplyOptions, type ProjectionOutcome, type ProjectionStore } from './projection-transaction';
import { projectProcess, type ProcessDocument, type ProcessProjection } from './process-projection';

/** Anything the consumer and the rebuild feed events to. */
export interface Projector {
  readonly name: string;
  /** The tables a rebuild empties before replaying. */
  readonly tables: readonly string[];
  apply(contractId: string, event: StoredEvent, options?: ApplyOptions): Promise<ProjectionOutcome>;
  /** Events of one process, in order, in one transaction: one outcome per event. */
  applyAll(contractId: string, events: readonly StoredEvent[], options?: ApplyOptions): Promise<ProjectionOutcome[]>;
}

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
}

/** Runs a pure process projection against PostgreSQL: its document, and its rows replaced with each change. */
export class ProcessProjector<Model, Row extends object> extends BatchProjector<ProcessDocument<Model>> {
  readonly name: string;
  readonly tables: readonly string[];

  constructor(
    pool: Pool,
    private readonly projection: ProcessProjection<Model, Row>,
  ) {
    super(pool);
    this.name = projection.name;
    this.tables = [`reporting.${projection.table}`];
  }

  protected store(contractId: string): ProjectionStore<ProcessDocument<Model>> {
    return {
      load: (client) => this.documentForUpdate(client, contractId),
      step: (document, event) => {
        const change = projectProcess(this.projection, document, contractId, event);
        return change.kind === 'write' ? { kind: 'write', state: change.document } : change;
      },
      save: (client, document) => this.write(client, contractId, document),
    };
  }

  private async documentForUpdate(client: PoolClient, contractId: string): Promise<ProcessDocument<Model> | undefined> {
    const { rows } = await client.query<{ document: ProcessDocument<Model> }>(
      `SELECT document FROM reporting.projection_documents WHERE projection = $1 AND contract_id = $2 FOR UPDATE`,
      [this.name, contractId],
    );
    return rows[0]?.document;
  }

  private async write(client: PoolClient, contractId: string, document: ProcessDocument<Model>): Promise<void> {
    const table = `reporting.${this.projection.table}`;
    await client.query(
      `INSERT INTO reporting.projection_documents (projection, contract_id, document) VALUES ($1, $2, $3)
       ON CONFLICT (projection, contract_id) DO UPDATE SET document = EXCLUDED.document`,
      [this.name, contractId, JSON.stringify(document)],
    );
    await client.query(`DELETE FROM ${table} WHERE contract_id = $1`, [contractId]);
    // Rows are JSON objects keyed by column name: PostgreSQL casts each field to its column's type.
    await client.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [
      JSON.stringify(this.projection.rowsOf(document)),
    ]);
  }
}
