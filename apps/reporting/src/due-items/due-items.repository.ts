import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Tenancy } from '../auth/reporting-permissions';
import { addDays, cursorOf } from '../http/query';
import { PG_POOL } from '../tokens';
import type { DueItemKind } from './due-items.projection';
import type { DueItemsPage, DueItemsQuery, DueItemView, DueWindow } from './due-items.schema';

interface DueItemRow {
  contract_id: string;
  item_id: string;
  kind: DueItemKind;
  description: string;
  due_on: string;
  overdue_on: string | null;
}

/** The due days a window covers, as a half-open range [from, to); null ends are open. */
export const windowRange = (window: DueWindow | undefined, today: string): { from: string | null; to: string | null } => {
  switch (window) {
    case 'next-7-days':
      return { from: today, to: addDays(today, 8) };
    case 'next-30-days':
      return { from: today, to: addDays(today, 31) };
    case 'overdue':
      return { from: null, to: today };
    case undefined:
      return { from: null, to: null };
  }
};

@Injectable()
export class DueItemsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Open items, soonest due first, within the reader's tenancy; `today` is the caller's, never read here. */
  async list(tenancy: Tenancy, today: string, { window, kind, contractId, limit, cursor }: DueItemsQuery): Promise<DueItemsPage> {
    const { from, to } = windowRange(window, today);
    const { rows } = await this.pool.query<DueItemRow>(
      `SELECT contract_id, item_id, kind, description, to_char(due_on, 'YYYY-MM-DD') AS due_on,
              to_char(overdue_on, 'YYYY-MM-DD') AS overdue_on
       FROM reporting.due_items
       WHERE ${tenancy.column} = $1 AND status = 'open'
         AND ($2::date IS NULL OR due_on >= $2) AND ($3::date IS NULL OR due_on < $3)
         AND ($4::text IS NULL OR kind = $4) AND ($5::text IS NULL OR contract_id = $5)
         AND ($6::date IS NULL OR (due_on, contract_id, item_id) > ($6::date, $7::text, $8::text))
       ORDER BY due_on, contract_id, item_id LIMIT $9`,
      [tenancy.organisation, from, to, kind ?? null, contractId ?? null, cursor?.[0] ?? null, cursor?.[1] ?? null, cursor?.[2] ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(
      (row): DueItemView => ({
        contractId: row.contract_id,
        itemId: row.item_id,
        kind: row.kind,
        description: row.description,
        dueOn: row.due_on,
        overdue: row.due_on < today,
        overdueOn: row.overdue_on,
      }),
    );
    const last = items.at(-1);
    return {
      asOf: today,
      window: window ?? null,
      items,
      limit,
      ...(rows.length > limit && last ? { nextCursor: cursorOf([last.dueOn, last.contractId, last.itemId]) } : {}),
    };
  }
}
