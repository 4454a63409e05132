import { Money, ProcurementRoute } from '@cls/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Tenancy } from '../auth/reporting-permissions';
import { PG_POOL } from '../tokens';
import { RegisterStage, type RegisterEntry } from './contract-register.projection';
import type { RegisterPage } from './register.schema';

interface RegisterRow {
  contract_id: string;
  title: string;
  organisation: string;
  stage: string;
  route: string | null;
  supplier_organisation: string | null;
  supplier_name: string | null;
  /** A bigint: pg hands it over as a string. */
  value_pence: string | null;
  /** Dates as YYYY-MM-DD text (see `selected`): pg would otherwise make them local-midnight Dates. */
  start_date: string | null;
  end_date: string | null;
  activated_on: string | null;
  last_event_type: string;
  last_event_at: Date;
  version: number;
}

const columns = [
  'contract_id',
  'title',
  'organisation',
  'stage',
  'route',
  'supplier_organisation',
  'supplier_name',
  'value_pence',
  'start_date',
  'end_date',
  'activated_on',
  'last_event_type',
  'last_event_at',
  'version',
] as const;

const dateColumns: ReadonlySet<string> = new Set(['start_date', 'end_date', 'activated_on']);
const selected = columns.map((column) => (dateColumns.has(column) ? `to_char(${column}, 'YYYY-MM-DD') AS ${column}` : column)).join(', ');
const updated = columns
  .filter((column) => column !== 'contract_id')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ');

const toEntry = (row: RegisterRow): RegisterEntry => ({
  contractId: row.contract_id,
  title: row.title,
  organisation: row.organisation,
  stage: RegisterStage.parse(row.stage),
  route: row.route === null ? null : ProcurementRoute.parse(row.route),
  supplier:
    row.supplier_organisation === null || row.supplier_name === null
      ? null
      : { organisation: row.supplier_organisation, name: row.supplier_name },
  valuePence: row.value_pence === null ? null : Money.parse(Number(row.value_pence)),
  startDate: row.start_date,
  endDate: row.end_date,
  activatedOn: row.activated_on,
  lastEventType: row.last_event_type,
  lastEventAt: row.last_event_at.toISOString(),
  version: row.version,
});

/** The register names the provider its supplier. */
const tenancyColumn = (tenancy: Tenancy): string => (tenancy.column === 'provider_organisation' ? 'supplier_organisation' : 'organisation');

@Injectable()
export class ContractRegisterRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(tenancy: Tenancy, contractId: string): Promise<RegisterEntry | undefined> {
    const { rows } = await this.pool.query<RegisterRow>(
      `SELECT ${selected} FROM reporting.contract_register WHERE contract_id = $1 AND ${tenancyColumn(tenancy)} = $2`,
      [contractId, tenancy.organisation],
    );
    return rows[0] && toEntry(rows[0]);
  }

  /** Newest activity first; ties broken by id so that pages do not overlap. */
  async list(tenancy: Tenancy, { stage, limit, offset }: { stage?: RegisterStage; limit: number; offset: number }): Promise<RegisterPage> {
    const filter = `WHERE ${tenancyColumn(tenancy)} = $1 AND ($2::text IS NULL OR stage = $2)`;
    const [page, count] = await Promise.all([
      this.pool.query<RegisterRow>(
        `SELECT ${selected} FROM reporting.contract_register ${filter}
         ORDER BY last_event_at DESC, contract_id LIMIT $3 OFFSET $4`,
        [tenancy.organisation, stage ?? null, limit, offset],
      ),
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM reporting.contract_register ${filter}`, [
        tenancy.organisation,
        stage ?? null,
      ]),
    ]);
    return { items: page.rows.map(toEntry), total: count.rows[0]?.total ?? 0, limit, offset };
  }

  /** The entry as the projection last left it, locked until the transaction ends. */
  async findForUpdate(client: PoolClient, contractId: string): Promise<RegisterEntry | undefined> {
    const { rows } = await client.query<RegisterRow>(
      `SELECT ${selected} FROM reporting.contract_register WHERE contract_id = $1 FOR UPDATE`,
      [contractId],
    );
    return rows[0] && toEntry(rows[0]);
  }

  async write(client: PoolClient, entry: RegisterEntry): Promise<void> {
    const values: Record<(typeof columns)[number], unknown> = {
      contract_id: entry.contractId,
      title: entry.title,
      organisation: entry.organisation,
      stage: entry.stage,
      route: entry.route,
      supplier_organisation: entry.supplier?.organisation ?? null,
      supplier_name: entry.supplier?.name ?? null,
      value_pence: entry.valuePence,
      start_date: entry.startDate,
      end_date: entry.endDate,
      activated_on: entry.activatedOn,
      last_event_type: entry.lastEventType,
      last_event_at: entry.lastEventAt,
      version: entry.version,
    };
    await client.query(
      `INSERT INTO reporting.contract_register (${columns.join(', ')})
       VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})
       ON CONFLICT (contract_id) DO UPDATE SET ${updated}`,
      columns.map((column) => values[column]),
    );
  }
}
