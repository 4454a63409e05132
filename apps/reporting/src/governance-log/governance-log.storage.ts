import { writeChangedRows, type ModelStorage } from '../projections/process-projector';
import { governanceLogProjection, type GovernanceLogModel } from './governance-log.projection';

/**
 * The log only appends: an entry, once written, changes only with the process's provider. Its document keeps no
 * entries, so each batch writes just the entries its events add.
 */
export const governanceLogStorage: ModelStorage<GovernanceLogModel> = {
  tables: ['reporting.governance_log'],
  compact: () => ({ entries: [] }),
  load: (_client, document) => Promise.resolve(document.model),
  write: writeChangedRows(governanceLogProjection, { key: 'event_id', conflict: 'event_id', showsProvider: true }),
};
