import { ProcurementRoute } from '@cls/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../tokens';
import { RegisterStage, type RegisterEntry } from './contract-register.projection';

interface RegisterRow {
  contract_id: string;
  title: string;
  organisation: string;
  stage: string;
  route: string | null;
  last_event_type: string;
  last_event_at: Date;
  version: number;
}

const columns = 'contract_id, title, organisation, stage, route, last_event_type, last_event_at, version';

const toEntry = (row: RegisterRow): RegisterEntry => ({
  contractId: row.contract_id,
  title: row.title,
  organisation: row.organisation,
  stage: RegisterStage.parse(row.stage),
  route: row.route === null ? null : ProcurementRoute.parse(row.route),
  lastEventType: row.last_event_type,
  lastEventAt: row.last_event_at.toISOString(),
  version: row.version,
});

export interface RegisterPage {
  items: RegisterEntry[];
  total: number;
  limit: number;
  offset: number;
}

@Injectable()
export class ContractRegisterRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(contractId: string): Promise<RegisterEntry | undefined> {
    const { rows } = await this.pool.query<RegisterRow>(
      `SELECT ${columns} FROM reporting.contract_register WHERE contract_id = $1`,
      [contractId],
    );
    return rows[0] && toEntry(rows[0]);
  }

  /** Newest activity first; ties broken by id so that pages do not overlap. */
  async list({ stage, limit, offset }: { stage?: RegisterStage; limit: number; offset: number }): Promise<RegisterPage> {
    const filter = 'WHERE $1::text IS NULL OR stage = $1';
    const [page, count] = await Promise.all([
      this.pool.query<RegisterRow>(
        `SELECT ${columns} FROM reporting.contract_register ${filter}
         ORDER BY last_event_at DESC, contract_id LIMIT $2 OFFSET $3`,
        [stage ?? null, limit, offset],
      ),
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM reporting.contract_register ${filter}`, [
        stage ?? null,
      ]),
    ]);
    return { items: page.rows.map(toEntry), total: count.rows[0]?.total ?? 0, limit, offset };
  }

  /** The entry as the projection last left it, locked until the transaction ends. */
  async findForUpdate(client: PoolClient, contractId: string): Promise<RegisterEntry | undefined> {
    const { rows } = await client.query<RegisterRow>(
      `SELECT ${columns} FROM reporting.contract_register WHERE contract_id = $1 FOR UPDATE`,
      [contractId],
    );
    return rows[0] && toEntry(rows[0]);
  }

  async write(client: PoolClient, entry: RegisterEntry): Promise<void> {
    await client.query(
      `INSERT INTO reporting.contract_register (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (contract_id) DO UPDATE SET title = EXCLUDED.title, organisation = EXCLUDED.organisation,
         stage = EXCLUDED.stage, route = EXCLUDED.route, last_event_type = EXCLUDED.last_event_type, last_event_at = EXCLUDED.last_event_at,
         version = EXCLUDED.version`,
      [
        entry.contractId,
        entry.title,
        entry.organisation,
        entry.stage,
        entry.route,
        entry.lastEventType,
        entry.lastEventAt,
        entry.version,
      ],
    );
  }
}
