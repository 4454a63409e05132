import { assertNever, ContractEventSchemas, isContractEventType, type Stage, type StoredEvent } from '@cls/domain';
import { z } from 'zod';

/** The stages the register can show; a subset of the domain's, grown as the projection learns new events. */
export const RegisterStage = z.enum(['needs-assessment', 'route-decision'] as const satisfies readonly Stage[]);
export type RegisterStage = z.infer<typeof RegisterStage>;

export interface RegisterEntry {
  contractId: string;
  title: string;
  organisation: string;
  stage: RegisterStage;
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

export const onCommissionOpened = (contractId: string, event: StoredEvent): RegisterChange => {
  const { schemaVersion, data: schema } = ContractEventSchemas.CommissionOpened;
  if (event.schemaVersion !== schemaVersion) {
    return { kind: 'rejected', reason: `CommissionOpened v${event.schemaVersion} has no upcaster to v${schemaVersion}` };
  }
  const data = schema.safeParse(event.data);
  if (!data.success) return { kind: 'rejected', reason: `CommissionOpened data is invalid: ${z.prettifyError(data.error)}` };
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
    default:
      return assertNever(type);
  }
};
