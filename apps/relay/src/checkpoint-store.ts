import { startOfCommits, type CommitCheckpoint, type MigrationSet } from '@cls/event-store';
import path from 'node:path';
import type { Pool } from 'pg';

export const relayMigrations: MigrationSet = { dir: path.join(__dirname, '..', 'migrations'), table: 'relay_migrations' };

export interface CheckpointStore {
  load(): Promise<CommitCheckpoint>;
  save(checkpoint: CommitCheckpoint): Promise<void>;
}

export class PostgresCheckpointStore implements CheckpointStore {
  constructor(
    private readonly pool: Pool,
    private readonly relayName: string,
  ) {}

  async load(): Promise<CommitCheckpoint> {
    const { rows } = await this.pool.query<CommitCheckpoint>(
      `SELECT transaction_id::text AS "transactionId", global_position::text AS "globalPosition"
       FROM relay_checkpoints WHERE relay_name = $1`,
      [this.relayName],
    );
    return rows[0] ?? startOfCommits;
  }

  /** Never moves backwards, so a relay that lost its lock and lingers cannot undo a successor's progress. */
  async save(checkpoint: CommitCheckpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO relay_checkpoints AS current (relay_name, transaction_id, global_position)
       VALUES ($1, $2::xid8, $3::bigint)
       ON CONFLICT (relay_name) DO UPDATE
         SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, updated_at = now()
         WHERE (current.transaction_id, current.global_position) < (EXCLUDED.transaction_id, EXCLUDED.global_position)`,
      [this.relayName, checkpoint.transactionId, checkpoint.globalPosition],
    );
  }
}
