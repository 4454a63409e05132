import {
  assertNever,
  ContractEventSchemas,
  type ContractEventData,
  type ContractEventType,
  isContractEventType,
  type ProcurementRoute,
  type Stage,
  type StoredEvent,
} from '@cls/domain';
import { z } from 'zod';

/** The stages the register can show; a subset of the domain's, grown as the projection learns new events. */
export const RegisterStage = z.enum([
  'needs-assessment',
  'route-decision',
  'specification',
  'procurement',
  'contract-issue',
] as const satisfies readonly Stage[]);
export type RegisterStage = z.infer<typeof RegisterStage>;

export interface RegisterEntry {
  contractId: string;
  title: string;
  organisation: string;
  stage: RegisterStage;
  /** The route decided (tender, direct award or grant); null until RouteDecided. */
  route: ProcurementRoute | null;
  lastEventType: string;
  /** When the last event happened in the workflow (its occurredAt), as an ISO instant. */
  lastEventAt: string;
  /** The stream version of the last event applied. */
  version: number;
}

export type RegisterChange =
  /** Store this entry. */
  | { kind: 'write'; entry: RegisterEntry }
  /** The entry already reflects this event or a later one. */
  | { kind: 'unchanged' }
  /** The event cannot be applied as it is: report it, the register stays as it was. */
  | { kind: 'rejected'; reason: string };

const touched = (entry: RegisterEntry, event: StoredEvent): RegisterEntry => ({
  ...entry,
  lastEventType: event.type,
  lastEventAt: event.metadata.occurredAt,
  version: event.streamVersion,
});

/**
 * The event's data in the shape its type declares, or the reason it cannot be applied: a schema version with no
 * upcaster, or data that breaks the schema.
 */
const readData = <T extends ContractEventType>(
  type: T,
  event: StoredEvent,
): { success: true; data: ContractEventData<T> } | { success: false; rejected: RegisterChange } => {
  const { schemaVersion, data: schema } = ContractEventSchemas[type];
  if (event.schemaVersion !== schemaVersion) {
    return { success: false, rejected: { kind: 'rejected', reason: `${type} v${event.schemaVersion} has no upcaster to v${schemaVersion}` } };
  }
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) {
    return { success: false, rejected: { kind: 'rejected', reason: `${type} data is invalid: ${z.prettifyError(parsed.error)}` } };
  }
  return { success: true, data: parsed.data as ContractEventData<T> };
};

export const onCommissionOpened = (contractId: string, event: StoredEvent): RegisterChange => {
  const data = readData('CommissionOpened', event);
  if (!data.success) return data.rejected;
  if (data.data.contractId !== contractId) {
    return { kind: 'rejected', reason: `CommissionOpened names contract ${data.data.contractId} on the stream of ${contractId}` };
  }
  return {
    kind: 'write',
    entry: {
      contractId,
      title: data.data.title,
      organisation: data.data.organisation,
      stage: 'needs-assessment',
      route: null,
      lastEventType: event.type,
      lastEventAt: event.metadata.occurredAt,
      version: event.streamVersion,
    },
  };
};

export const onNeedsAssessmentRecorded = (entry: RegisterEntry, event: StoredEvent): RegisterEntry => ({
  ...touched(entry, event),
  stage: 'route-decision',
});

export const onRouteDecided = (entry: RegisterEntry, event: StoredEvent): RegisterChange => {
  const data = readData('RouteDecided', event);
  if (!data.success) return data.rejected;
  return { kind: 'write', entry: { ...touched(entry, event), stage: 'specification', route: data.data.route } };
};

/** A tender goes on to procurement; a direct award or a grant has no competition and goes to contract issue. */
export const onSpecificationAgreed = (entry: RegisterEntry, event: StoredEvent): RegisterChange => {
  const data = readData('SpecificationAgreed', event);
  if (!data.success) return data.rejected;
  if (entry.route === null) {
    return { kind: 'rejected', reason: `SpecificationAgreed for contract ${entry.contractId}, whose route the register has not seen decided` };
  }
  return {
    kind: 'write',
    entry: { ...touched(entry, event), stage: entry.route === 'tender' ? 'procurement' : 'contract-issue' },
  };
};

/** Types the register has no use for yet still move it on, so it shows the latest activity and never stalls. */
export const onOtherEvent = (entry: RegisterEntry, event: StoredEvent): RegisterEntry => touched(entry, event);

const notOpened = (contractId: string, event: StoredEvent): RegisterChange => ({
  kind: 'rejected',
  reason: `${event.type} for contract ${contractId}, which the register has not seen opened`,
});

/** The register's fold: given the contract's current entry (if any) and its next event, what to store. */
export const projectContractRegister = (
  current: RegisterEntry | undefined,
  contractId: string,
  event: StoredEvent,
): RegisterChange => {
  if (current && event.streamVersion <= current.version) return { kind: 'unchanged' };
  const type = event.type;
  if (!isContractEventType(type)) {
    return current ? { kind: 'write', entry: onOtherEvent(current, event) } : notOpened(contractId, event);
  }
  switch (type) {
    case 'CommissionOpened':
      return onCommissionOpened(contractId, event);
    case 'NeedsAssessmentRecorded':
      return current ? { kind: 'write', entry: onNeedsAssessmentRecorded(current, event) } : notOpened(contractId, event);
    case 'RouteDecided':
      return current ? onRouteDecided(current, event) : notOpened(contractId, event);
    case 'SpecificationAgreed':
      return current ? onSpecificationAgreed(current, event) : notOpened(contractId, event);
    default:
      return assertNever(type);
  }
};
