import { evolveContract, initialContractState, type ContractState, type MonitoringPolicy } from '@cls/domain';
import { z } from 'zod';
import type { ProcessEvent } from '../projections/event-data';
import type { EventFacts, ProcessDocument, ProcessProjection } from '../projections/process-projection';
import { contractSchedule } from './contract-schedule';

export const DueItemKind = z.enum(['return', 'review', 'plan-milestone']);
export type DueItemKind = z.infer<typeof DueItemKind>;
/** Open until done; closed when it can no longer be done (the plan closed, the contract ended). */
export type DueItemStatus = 'open' | 'done' | 'closed';

export interface DueItem {
  /** `return:<periodId>`, `review:<reviewId>` or `milestone:<planId>:<actionId>`. */
  itemId: string;
  kind: DueItemKind;
  description: string;
  dueOn: string;
  status: DueItemStatus;
  /** The day the workflow recorded it overdue or missed. */
  overdueOn: string | null;
  doneOn: string | null;
  /** Known only from the schedule so far: no event has named it yet, so a rescheduling may move or drop it. */
  scheduled: boolean;
}

export interface DueItemsModel {
  /** The contract folded by the domain's own evolve: what its returns and reviews are scheduled from. */
  contract: ContractState;
  /** Every item the process has had, in the order first heard of: done ones stay, for the record. */
  items: DueItem[];
}

export interface DueItemRow {
  contract_id: string;
  item_id: string;
  organisation: string;
  provider_organisation: string | null;
  kind: DueItemKind;
  description: string;
  due_on: string;
  status: DueItemStatus;
  overdue_on: string | null;
  done_on: string | null;
}

const planIdOf = (streamId: string): string => streamId.slice('plan-'.length);

/** The item, created when first heard of (a return can be submitted before its reminder), then updated. */
const upsert = (model: DueItemsModel, created: DueItem, update: (item: DueItem) => DueItem = (item) => item): DueItemsModel => {
  const touched = (item: DueItem): DueItem => ({ ...update(item), scheduled: false });
  const existing = model.items.find((item) => item.itemId === created.itemId);
  if (!existing) return { ...model, items: [...model.items, touched(created)] };
  return { ...model, items: model.items.map((item) => (item === existing ? touched(item) : item)) };
};

const updateOnly = (model: DueItemsModel, itemId: string, update: (item: DueItem) => DueItem, what: string): DueItemsModel | { rejected: string } =>
  model.items.some((item) => item.itemId === itemId)
    ? { ...model, items: model.items.map((item) => (item.itemId === itemId ? { ...update(item), scheduled: false } : item)) }
    : { rejected: `${what} for ${itemId}, which due items has not seen agreed` };

const open = (itemId: string, kind: DueItemKind, description: string, dueOn: string): DueItem => ({
  itemId,
  kind,
  description,
  dueOn,
  status: 'open',
  overdueOn: null,
  doneOn: null,
  scheduled: false,
});

const closeOpen = (model: DueItemsModel, matches: (item: DueItem) => boolean): DueItemsModel => ({
  ...model,
  items: model.items.map((item) => (item.status === 'open' && matches(item) ? { ...item, status: 'closed' } : item)),
});

const returnDescription = (periodId: string): string => `Return for period ${periodId}`;

const evolveItems = (model: DueItemsModel, event: ProcessEvent, stored: EventFacts['event']): DueItemsModel | { rejected: string } => {
  if (event.stream === 'tender') return model;
  if (event.stream === 'plan') {
    const planId = planIdOf(stored.streamId);
    const itemOf = (actionId: string) => `milestone:${planId}:${actionId}`;
    switch (event.type) {
      case 'ActionsAgreed':
        return event.data.actions.reduce(
          (next, action) =>
            upsert(next, open(itemOf(action.actionId), 'plan-milestone', action.description, action.dueDate), (item) => ({
              ...item,
              description: action.description,
              dueOn: action.dueDate,
            })),
          model,
        );
      case 'ActionCompleted':
        return updateOnly(model, itemOf(event.data.actionId), (item) => ({ ...item, status: 'done', doneOn: event.data.completedOn }), event.type);
      case 'ActionNotCompleted':
        return updateOnly(model, itemOf(event.data.actionId), (item) => ({ ...item, status: 'closed', doneOn: event.data.recordedOn }), event.type);
      case 'MilestoneMissed':
        return updateOnly(model, itemOf(event.data.actionId), (item) => ({ ...item, overdueOn: event.data.missedOn }), event.type);
      case 'PlanClosed':
        return closeOpen(model, (item) => item.itemId.startsWith(`milestone:${planId}:`));
      default:
        return model;
    }
  }
  switch (event.type) {
    case 'ReminderIssued': {
      const reminder = event.data;
      if (reminder.subject === 'return') {
        return upsert(model, open(`return:${reminder.periodId}`, 'return', returnDescription(reminder.periodId), reminder.dueOn));
      }
      if (reminder.subject === 'review') {
        return upsert(model, open(`review:${reminder.reviewId}`, 'review', `Review ${reminder.reviewId}`, reminder.dueOn));
      }
      return model;
    }
    case 'ReturnSubmitted': {
      const { periodId, dueDate, submittedOn } = event.data;
      const done = (item: DueItem): DueItem => ({ ...item, status: 'done', doneOn: submittedOn });
      return upsert(model, open(`return:${periodId}`, 'return', returnDescription(periodId), dueDate), done);
    }
    case 'ReturnOverdue': {
      const { periodId, dueDate, overdueOn } = event.data;
      return upsert(model, open(`return:${periodId}`, 'return', returnDescription(periodId), dueDate), (item) => ({ ...item, overdueOn }));
    }
    case 'ReviewHeld': {
      const { reviewId, kind, scheduledFor, heldOn } = event.data;
      const done = (item: DueItem): DueItem => ({ ...item, status: 'done', doneOn: heldOn });
      return upsert(model, open(`review:${reviewId}`, 'review', `${kind} review ${reviewId}`, scheduledFor), done);
    }
    case 'ReviewMissed': {
      const { reviewId, kind, scheduledFor, missedOn } = event.data;
      return upsert(model, open(`review:${reviewId}`, 'review', `${kind} review ${reviewId}`, scheduledFor), (item) => ({ ...item, overdueOn: missedOn }));
    }
    // Nothing more falls due from a contract that has ended.
    case 'ContractTerminated':
    case 'ContractExpired':
      return closeOpen(model, () => true);
    default:
      return model;
  }
};

/** A running contract's schedule, as the workflow's timers follow it. */
const scheduleOf = (contract: ContractState, policy: MonitoringPolicy): DueItem[] => {
  const { returns, reviews } = contractSchedule(contract, policy);
  const scheduled = (itemId: string, kind: DueItemKind, description: string, dueOn: string): DueItem => ({
    ...open(itemId, kind, description, dueOn),
    scheduled: true,
  });
  return [
    ...returns.map((period) => scheduled(`return:${period.periodId}`, 'return', returnDescription(period.periodId), period.dueDate)),
    ...reviews.map((review) => scheduled(`review:${review.reviewId}`, 'review', `${review.kind} review ${review.reviewId}`, review.date)),
  ];
};

/**
 * Items not yet named by any event follow the schedule as it now stands (a new returns frequency, a notice that
 * brings the last day forward); items an event has named keep what the events said.
 */
const reschedule = (model: DueItemsModel, policy: MonitoringPolicy): DueItemsModel => {
  const schedule = scheduleOf(model.contract, policy);
  const planned = new Map(schedule.map((item) => [item.itemId, item]));
  const kept = model.items.filter((item) => !item.scheduled || planned.has(item.itemId));
  const known = new Map(kept.map((item) => [item.itemId, item]));
  const items = kept.map((item) => (item.scheduled ? (planned.get(item.itemId) ?? item) : item));
  return { ...model, items: [...items, ...schedule.filter((item) => !known.has(item.itemId))] };
};

const evolve =
  (policy: MonitoringPolicy) =>
  (model: DueItemsModel, event: ProcessEvent, { event: stored }: EventFacts): DueItemsModel | { rejected: string } => {
    let contract = model.contract;
    if (event.stream === 'contract') {
      try {
        contract = evolveContract(model.contract, event);
      } catch (error) {
        return { rejected: `${event.type} cannot be folded into the contract: ${(error as Error).message}` };
      }
    }
    const next = evolveItems({ ...model, contract }, event, stored);
    if ('rejected' in next) return next;
    return event.stream === 'contract' ? reschedule(next, policy) : next;
  };

/** Due items under the deployment's monitoring policy: the one the workflows schedule returns and reviews by. */
export const dueItemsProjectionFor = (policy: MonitoringPolicy): ProcessProjection<DueItemsModel, DueItemRow> => ({
  name: 'due-items',
  table: 'due_items',
  initial: () => ({ contract: initialContractState(), items: [] }),
  evolve: evolve(policy),
  rowsOf: ({ process, model }: ProcessDocument<DueItemsModel>): DueItemRow[] =>
    model.items.map((item) => ({
      contract_id: process.contractId,
      item_id: item.itemId,
      organisation: process.organisation,
      provider_organisation: process.provider?.organisation ?? null,
      kind: item.kind,
      description: item.description,
      due_on: item.dueOn,
      status: item.status,
      overdue_on: item.overdueOn,
      done_on: item.doneOn,
    })),
});
