import type { StoredEvent } from '@cls/domain';
import { streamKindOf } from '../projections/event-data';
import type { ProcessDocument } from '../projections/process-projection';
import type { ModelStorage } from '../projections/process-projector';
import { providerScorecardProjection, type ScorecardModel } from './provider-scorecard.projection';

type History = 'kpi_ratings' | 'risk_history' | 'concerns' | 'plans';
type Entry = ScorecardModel[HistoryField];
type HistoryField = 'kpiRatings' | 'riskHistory' | 'concerns' | 'plans';

/** Each history: its field in the model, its name in scorecard_entries, and the field naming its entries. */
const histories: readonly { field: HistoryField; history: History; idOf: (entry: Entry[number]) => string }[] = [
  { field: 'kpiRatings', history: 'kpi_ratings', idOf: (entry) => ('assessmentId' in entry ? entry.assessmentId : '') },
  { field: 'riskHistory', history: 'risk_history', idOf: (entry) => ('changeId' in entry ? entry.changeId : '') },
  { field: 'concerns', history: 'concerns', idOf: (entry) => ('concernId' in entry ? entry.concernId : '') },
  { field: 'plans', history: 'plans', idOf: (entry) => ('planId' in entry ? entry.planId : '') },
];

/** The events that update an entry rather than add one, and the entry each names. */
const updating: Readonly<Record<string, { history: History; idField: string }>> = {
  AssessmentCommented: { history: 'kpi_ratings', idField: 'assessmentId' },
  ConcernUpdated: { history: 'concerns', idField: 'concernId' },
  CorrectivePlanEnded: { history: 'plans', idField: 'planId' },
};

const entriesUpdatedBy = (contractId: string, events: readonly StoredEvent[]): { history: History; entryId: string }[] =>
  events.flatMap((event) => {
    const update = updating[event.type];
    const entryId = update && event.data[update.idField];
    return update && typeof entryId === 'string' && streamKindOf(contractId, event.streamId) === 'contract' ? [{ history: update.history, entryId }] : [];
  });

/** Where each entry of a loaded model is stored, by history, in the model's order. */
const positions = new WeakMap<ScorecardModel, Record<History, string[]>>();

const emptyHistories = (model: ScorecardModel): ScorecardModel => ({ ...model, kpiRatings: [], riskHistory: [], concerns: [], plans: [] });

const cardOf = (document: ProcessDocument<ScorecardModel> | undefined): string | undefined => {
  const [row] = document ? providerScorecardProjection.rowsOf(document) : [];
  if (!row) return undefined;
  const { kpi_ratings: _kpis, risk_history: _risks, concerns: _concerns, plans: _plans, ...card } = row;
  return JSON.stringify(card);
};

/**
 * A card's histories grow with the contract's life, so each entry is a row of scorecard_entries and the card's own
 * row (scorecard_cards) holds only what does not grow; provider_scorecards gathers them. The document keeps no
 * entries: a batch reads back only the entries its events update (and learns whether they exist, which decides
 * whether the event is refused), appends the entries its events add, and writes the card when it changed.
 */
export const providerScorecardStorage: ModelStorage<ScorecardModel> = {
  tables: ['reporting.scorecard_cards', 'reporting.scorecard_entries'],
  compact: emptyHistories,
  load: async (client, document, events) => {
    const { contractId } = document.process;
    const wanted = entriesUpdatedBy(contractId, events);
    const model = emptyHistories(document.model);
    const stored: Record<History, string[]> = { kpi_ratings: [], risk_history: [], concerns: [], plans: [] };
    if (wanted.length > 0) {
      const { rows } = await client.query<{ history: History; position: string; entry: Entry[number] }>(
        `SELECT history, position::text, entry FROM reporting.scorecard_entries
         WHERE contract_id = $1 AND (history, entry_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
         ORDER BY position`,
        [contractId, wanted.map((entry) => entry.history), wanted.map((entry) => entry.entryId)],
      );
      for (const { field, history } of histories) {
        const found = rows.filter((row) => row.history === history);
        (model[field] as Entry[number][]) = found.map((row) => row.entry);
        stored[history] = found.map((row) => row.position);
      }
    }
    positions.set(model, stored);
    return model;
  },
  write: async (client, loaded, folded) => {
    const { contractId } = folded.process;
    const stored = loaded ? positions.get(loaded.model) : undefined;
    const updated: { history: History; position: string; entry: Entry[number] }[] = [];
    const added: { history: History; entryId: string; entry: Entry[number] }[] = [];
    // The fold only appends to a history or updates its entries in place: the loaded entries keep their indices.
    for (const { field, history, idOf } of histories) {
      const before: readonly Entry[number][] = loaded?.model[field] ?? [];
      const after: readonly Entry[number][] = folded.model[field];
      after.forEach((entry, index) => {
        const position = stored?.[history][index];
        if (index >= before.length || position === undefined) added.push({ history, entryId: idOf(entry), entry });
        else if (JSON.stringify(before[index]) !== JSON.stringify(entry)) updated.push({ history, position, entry });
      });
    }
    if (updated.length > 0) {
      await client.query(
        `UPDATE reporting.scorecard_entries AS stored SET entry = changed.entry
         FROM jsonb_to_recordset($2::jsonb) AS changed(history text, position bigint, entry jsonb)
         WHERE stored.contract_id = $1 AND stored.history = changed.history AND stored.position = changed.position`,
        [contractId, JSON.stringify(updated)],
      );
    }
    if (added.length > 0) {
      // Positions are drawn in the order of the list: the order of the events.
      await client.query(
        `INSERT INTO reporting.scorecard_entries (contract_id, history, entry_id, entry)
         SELECT $1, item.value ->> 'history', item.value ->> 'entryId', item.value -> 'entry'
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS item(value, ordinality) ORDER BY item.ordinality`,
        [contractId, JSON.stringify(added)],
      );
    }
    const card = cardOf(folded);
    if (card !== undefined && card !== cardOf(loaded)) {
      await client.query(
        `INSERT INTO reporting.scorecard_cards SELECT * FROM jsonb_populate_record(NULL::reporting.scorecard_cards, $1::jsonb)
         ON CONFLICT (contract_id) DO UPDATE SET organisation = EXCLUDED.organisation, title = EXCLUDED.title,
           provider_organisation = EXCLUDED.provider_organisation, provider_name = EXCLUDED.provider_name,
           risk_rating = EXCLUDED.risk_rating, last_event_at = EXCLUDED.last_event_at`,
        [card],
      );
    }
  },
};
