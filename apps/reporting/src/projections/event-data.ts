import {
  ContractEventSchemas,
  PlanEventSchemas,
  TenderEventSchemas,
  type ContractEvent,
  type PlanEvent,
  type StoredEvent,
  type TenderEvent,
} from '@cls/domain';
import { z } from 'zod';

type Schemas = Readonly<Record<string, { readonly schemaVersion: number; readonly data: z.ZodType }>>;

export type EventDataRead<Data> = { success: true; data: Data } | { success: false; reason: string };

/**
 * The one check every projection reads event data through: the stored schema version must be the one the
 * registry declares (there are no upcasters yet), and the data must match its schema.
 */
export const readEventData = <S extends Schemas, T extends keyof S & string>(
  schemas: S,
  type: T,
  event: StoredEvent,
): EventDataRead<z.infer<S[T]['data']>> => {
  const { schemaVersion, data: schema } = schemas[type]!;
  if (event.schemaVersion !== schemaVersion) {
    return { success: false, reason: `${type} v${event.schemaVersion} has no upcaster to v${schemaVersion}` };
  }
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) return { success: false, reason: `${type} data is invalid: ${z.prettifyError(parsed.error)}` };
  return { success: true, data: parsed.data as z.infer<S[T]['data']> };
};

/** The streams of a contracting process whose events the read models know: `contract-<id>`, `tender-<id>.<n>`, `plan-<id>.<n>`. */
export type StreamKind = 'contract' | 'tender' | 'plan';

const streamSchemas = { contract: ContractEventSchemas, tender: TenderEventSchemas, plan: PlanEventSchemas } as const;

/** A known event of one of the process's streams, its data parsed. */
export type ProcessEvent =
  | ({ stream: 'contract' } & ContractEvent)
  | ({ stream: 'tender' } & TenderEvent)
  | ({ stream: 'plan' } & PlanEvent);

const streamPattern = /^(contract|tender|plan)-([0-9a-fA-F-]{36})(?:\.[^.]+)?$/;

/** The kind of stream an event is on, when it is a stream of this process the read models know. */
export const streamKindOf = (contractId: string, streamId: string): StreamKind | undefined => {
  const match = streamPattern.exec(streamId);
  if (!match || match[2]?.toLowerCase() !== contractId.toLowerCase()) return undefined;
  const kind = match[1] as StreamKind;
  return kind === 'contract' && streamId.includes('.') ? undefined : kind;
};

export type ProcessEventRead = { known: false } | { known: true; success: false; reason: string } | { known: true; success: true; event: ProcessEvent };

/** The event typed by its stream's registry: unknown types are not an error (a newer writer), broken data is. */
export const readProcessEvent = (kind: StreamKind, event: StoredEvent): ProcessEventRead => {
  const schemas: Schemas = streamSchemas[kind];
  if (!Object.hasOwn(schemas, event.type)) return { known: false };
  const read = readEventData(schemas, event.type, event);
  if (!read.success) return { known: true, success: false, reason: read.reason };
  return { known: true, success: true, event: { stream: kind, type: event.type, data: read.data } as ProcessEvent };
};
