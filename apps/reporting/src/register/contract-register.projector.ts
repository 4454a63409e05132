import type { StoredEvent } from '@cls/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../tokens';
import { projectContractRegister } from './contract-register.projection';
import { ContractRegisterRepository } from './contract-register.repository';

/** The name under which this projection records the events it has applied. */
export const contractRegisterProjection = 'contract-register';

export type ProjectionOutcome =
  | { kind: 'applied' }
  /** This event id was applied before: a redelivery, with no effect. */
  | { kind: 'duplicate' }
  | { kind: 'unchanged' }
  /** Not the register's business (another aggregate's event); recorded as processed all the same. */
  | { kind: 'ignored' }
  | { kind: 'rejected'; reason: string };

@Injectable()
export class ContractRegisterProjector {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly repository: ContractRegisterRepository,
  ) {}

  /**
   * Applies one event in one transaction with the record that it was applied, so an event takes effect exactly
   * once however often Kafka delivers it. A rejected event leaves no record, so it is applied if replayed once
   * the projection can handle it.
   */
  async apply(contractId: string, event: StoredEvent): Promise<ProjectionOutcome> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const recorded = await client.query(
        `INSERT INTO reporting.processed_events (projection, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [contractRegisterProjection, event.eventId],
      );
      if (recorded.rowCount === 0) {
        await client.query('ROLLBACK');
        return { kind: 'duplicate' };
      }
      const change = projectContractRegister(await this.repository.findForUpdate(client, contractId), contractId, event);
      if (change.kind === 'rejected') {
        await client.query('ROLLBACK');
        return change;
      }
      if (change.kind === 'write') await this.repository.write(client, change.entry);
      await client.query('COMMIT');
      return change.kind === 'write' ? { kind: 'applied' } : { kind: change.kind };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}
