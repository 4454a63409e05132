import type { ContractSupplier, StoredEvent } from '@cls/domain';
import { readProcessEvent, streamKindOf, type ProcessEvent } from './event-data';

/** What every read model needs to know of the process to say whose rows they are. */
export interface ProcessContext {
  contractId: string;
  title: string;
  /** The commissioning organisation: its staff read the process's rows. */
  organisation: string;
  /** The supplier once awarded: it reads the rows of the contracts it supplies. */
  provider: ContractSupplier | null;
}

/** A read model's state for one process: its own model, whose it is, and the stream versions already applied. */
export interface ProcessDocument<Model> {
  process: ProcessContext;
  /** Per stream id (lower case): the last stream version folded in. */
  versions: Record<string, number>;
  model: Model;
}

/** The facts about the event that are not its data: when, by whom, where. */
export interface EventFacts {
  event: StoredEvent;
  process: ProcessContext;
}

export type ModelChange<Model> = Model | { rejected: string };

/**
 * A read model as a pure fold of a process's events. `evolve` sees only known events whose data passed the
 * registry's check, after the process context has taken in the same event; its rows are derived from the whole
 * document, so a row always shows the latest context (the provider named after the rows' events).
 */
export interface ProcessProjection<Model, Row> {
  /** The name it records applied events and its position under. */
  readonly name: string;
  /** Its table in schema reporting; every row has a contract_id column. */
  readonly table: string;
  initial(process: ProcessContext): Model;
  evolve(model: Model, event: ProcessEvent, facts: EventFacts): ModelChange<Model>;
  rowsOf(document: ProcessDocument<Model>): Row[];
}

export type ProcessChange<Model> =
  | { kind: 'write'; document: ProcessDocument<Model> }
  /** The document already reflects this event or a later one of its stream. */
  | { kind: 'unchanged' }
  /** Not a stream or event type the read models know. */
  | { kind: 'ignored' }
  | { kind: 'rejected'; reason: string };

const isRejection = <Model>(change: ModelChange<Model>): change is { rejected: string } =>
  typeof change === 'object' && change !== null && Object.hasOwn(change, 'rejected');

const contextAfter = (process: ProcessContext, event: ProcessEvent): ProcessContext =>
  event.stream === 'contract' && event.type === 'ContractAwarded' ? { ...process, provider: event.data.supplier } : process;

/**
 * One step of a read model's fold: given the process's document (if any) and its next event, what to store. The
 * process starts at CommissionOpened; a known event before it is rejected (Kafka keeps a process's streams in
 * order on one partition, so it means a lost or foreign event), an unknown one ignored.
 */
export const projectProcess = <Model, Row>(
  projection: ProcessProjection<Model, Row>,
  current: ProcessDocument<Model> | undefined,
  contractId: string,
  event: StoredEvent,
): ProcessChange<Model> => {
  const kind = streamKindOf(contractId, event.streamId);
  if (!kind) return { kind: 'ignored' };
  const stream = event.streamId.toLowerCase();
  if (current && event.streamVersion <= (current.versions[stream] ?? 0)) return { kind: 'unchanged' };
  const read = readProcessEvent(kind, event);
  if (!read.known) return { kind: 'ignored' };
  if (!read.success) return { kind: 'rejected', reason: read.reason };
  const typed = read.event;

  let document: ProcessDocument<Model>;
  if (typed.stream === 'contract' && typed.type === 'CommissionOpened') {
    if (typed.data.contractId.toLowerCase() !== contractId.toLowerCase()) {
      return { kind: 'rejected', reason: `CommissionOpened names contract ${typed.data.contractId} on the stream of ${contractId}` };
    }
    if (current) return { kind: 'unchanged' };
    const process: ProcessContext = { contractId, title: typed.data.title, organisation: typed.data.organisation, provider: null };
    document = { process, versions: {}, model: projection.initial(process) };
  } else if (!current) {
    return { kind: 'rejected', reason: `${event.type} for contract ${contractId}, which ${projection.name} has not seen opened` };
  } else {
    document = { ...current, process: contextAfter(current.process, typed) };
  }

  const model = projection.evolve(document.model, typed, { event, process: document.process });
  if (isRejection(model)) return { kind: 'rejected', reason: model.rejected };
  return { kind: 'write', document: { ...document, versions: { ...document.versions, [stream]: event.streamVersion }, model } };
};

/** Folds a whole history, as a rebuild would: for specs and for comparing a read model with its events. */
export const foldProcess = <Model, Row>(
  projection: ProcessProjection<Model, Row>,
  contractId: string,
  events: readonly StoredEvent[],
): ProcessDocument<Model> | undefined =>
  events.reduce<ProcessDocument<Model> | undefined>((document, event) => {
    const change = projectProcess(projection, document, contractId, event);
    if (change.kind === 'rejected') throw new Error(change.reason);
    return change.kind === 'write' ? change.document : document;
  }, undefined);
