import type { ConcernRecord, ContractState, StoredEvent } from '@cls/domain';
import type { PoolClient } from 'pg';
import { streamKindOf } from '../projections/event-data';
import type { ProcessProjection } from '../projections/process-projection';
import { writeChangedRows, type ModelStorage } from '../projections/process-projector';
import type { DueItem, DueItemRow, DueItemsModel } from './due-items.projection';

const concernsOf = (contract: ContractState): Record<string, ConcernRecord> =>
  contract.status === 'open' && contract.management ? contract.management.concerns : {};

/**
 * The contract as due items keeps it between batches: what the schedule is derived from (its stage, term, returns
 * frequencies, termination and end) without the records that grow with its life. The domain's fold only appends
 * to or maps over those records, so folding into the compact contract gives the same schedule; the one record it
 * must find, a concern being updated, is kept beside (reporting.due_item_concerns) and read back when needed.
 */
const compactContract = (contract: ContractState): ContractState =>
  contract.status === 'open' && contract.management
    ? {
        ...contract,
        management: {
          ...contract.management,
          returns: {},
          assessments: [],
          reviews: {},
          concerns: {},
          inspections: [],
          plans: [],
          variations: [],
          extensionsExercised: [],
          placements: {},
        },
      }
    : contract;

/** The concerns the batch's events update: the contract's fold refuses an update of a concern it has not seen. */
const updatedConcerns = (contractId: string, events: readonly StoredEvent[]): string[] =>
  events.flatMap((event) =>
    streamKindOf(contractId, event.streamId) === 'contract' && event.type === 'ConcernUpdated' && typeof event.data['concernId'] === 'string'
      ? [event.data['concernId']]
      : [],
  );

const withConcerns = async (client: PoolClient, contractId: string, contract: ContractState, events: readonly StoredEvent[]): Promise<ContractState> => {
  const concernIds = updatedConcerns(contractId, events);
  if (contract.status !== 'open' || !contract.management || concernIds.length === 0) return contract;
  const { rows } = await client.query<{ concern_id: string; record: ConcernRecord }>(
    `SELECT concern_id, record FROM reporting.due_item_concerns WHERE contract_id = $1 AND concern_id = ANY($2)`,
    [contractId, concernIds],
  );
  const concerns = Object.fromEntries(rows.map((row) => [row.concern_id, row.record]));
  return { ...contract, management: { ...contract.management, concerns: { ...contract.management.concerns, ...concerns } } };
};

type StoredItem = Omit<DueItemRow, 'contract_id' | 'organisation' | 'provider_organisation'>;

const saveConcerns = async (client: PoolClient, contractId: string, loaded: ContractState | undefined, folded: ContractState): Promise<void> => {
  const before = loaded ? concernsOf(loaded) : {};
  const changed = Object.entries(concernsOf(folded)).filter(([id, record]) => JSON.stringify(before[id]) !== JSON.stringify(record));
  if (changed.length === 0) return;
  await client.query(
    `INSERT INTO reporting.due_item_concerns (contract_id, concern_id, record)
     SELECT $1, concern.key, concern.value FROM jsonb_each($2::jsonb) AS concern
     ON CONFLICT (contract_id, concern_id) DO UPDATE SET record = EXCLUDED.record`,
    [contractId, JSON.stringify(Object.fromEntries(changed))],
  );
};

/**
 * A process's items are bounded by its term's schedule and its plans' milestones, not by its events: each batch
 * reads them all back (rescheduling compares the whole schedule with them) and writes only those it changed. The
 * document keeps the compact contract and the items known only from the schedule, which no row can say.
 */
export const dueItemsStorage = (projection: ProcessProjection<DueItemsModel, DueItemRow>): ModelStorage<DueItemsModel> => {
  const writeRows = writeChangedRows(projection, { key: 'item_id', conflict: 'contract_id, item_id', showsProvider: true });
  return {
    tables: ['reporting.due_items', 'reporting.due_item_concerns'],
    // In id order, so that the document is the same however the events were batched.
    compact: (model) => ({
      contract: compactContract(model.contract),
      items: model.items.filter((item) => item.scheduled).sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0)),
    }),
    load: async (client, document, events) => {
      const { contractId } = document.process;
      const { rows } = await client.query<StoredItem>(
        `SELECT item_id, kind, description, to_char(due_on, 'YYYY-MM-DD') AS due_on, status,
           to_char(overdue_on, 'YYYY-MM-DD') AS overdue_on, to_char(done_on, 'YYYY-MM-DD') AS done_on
         FROM reporting.due_items WHERE contract_id = $1 ORDER BY item_id`,
        [contractId],
      );
      const scheduled = new Map(document.model.items.map((item) => [item.itemId, item]));
      const items = rows.map(
        (row): DueItem =>
          scheduled.get(row.item_id) ?? {
            itemId: row.item_id,
            kind: row.kind,
            description: row.description,
            dueOn: row.due_on,
            status: row.status,
            overdueOn: row.overdue_on,
            doneOn: row.done_on,
            scheduled: false,
          },
      );
      return { contract: await withConcerns(client, contractId, document.model.contract, events), items };
    },
    write: async (client, loaded, folded) => {
      await saveConcerns(client, folded.process.contractId, loaded?.model.contract, folded.model.contract);
      await writeRows(client, loaded, folded);
    },
  };
};
