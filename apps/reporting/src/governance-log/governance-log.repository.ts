import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Tenancy } from '../auth/reporting-permissions';
import { cursorOf } from '../http/query';
import { PG_POOL } from '../tokens';
import type { GovernanceLogRow } from './governance-log.projection';
import type { GovernanceLogEntry, GovernanceLogPage, GovernanceLogQuery } from './governance-log.schema';

/** A row as the projection writes it, its times read back as the driver parses them. */
type Row = Omit<GovernanceLogRow, 'occurred_at' | 'recorded_at'> & { occurred_at: Date; recorded_at: Date };

@Injectable()
export class GovernanceLogRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Newest decision first (by the store's global position), within the reader's tenancy. */
  async list(tenancy: Tenancy, { kind, contractId, actor, from, to, limit, cursor }: GovernanceLogQuery): Promise<GovernanceLogPage> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM reporting.governance_log
       WHERE ${tenancy.column} = $1
         AND ($2::text[] IS NULL OR kind = ANY($2))
         AND ($3::text IS NULL OR contract_id = $3)
         AND ($4::text IS NULL OR actor_id = $4)
         AND ($5::timestamptz IS NULL OR occurred_at >= $5) AND ($6::timestamptz IS NULL OR occurred_at < $6)
         AND ($7::bigint IS NULL OR global_position < $7)
       ORDER BY global_position DESC LIMIT $8`,
      [tenancy.organisation, kind ?? null, contractId ?? null, actor ?? null, from ?? null, to ?? null, cursor?.[0] ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(
      (row): GovernanceLogEntry => ({
        eventId: row.event_id,
        contractId: row.contract_id,
        organisation: row.organisation,
        providerOrganisation: row.provider_organisation,
        kind: row.kind,
        eventType: row.event_type,
        streamId: row.stream_id,
        globalPosition: row.global_position,
        actor: { id: row.actor_id, role: row.actor_role, organisation: row.actor_organisation },
        reason: row.reason,
        details: row.details,
        occurredAt: row.occurred_at.toISOString(),
        recordedAt: row.recorded_at.toISOString(),
      }),
    );
    const last = items.at(-1);
    return { items, limit, ...(rows.length > limit && last ? { nextCursor: cursorOf([last.globalPosition]) } : {}) };
  }
}
