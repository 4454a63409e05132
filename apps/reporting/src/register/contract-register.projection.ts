import {
  assertNever,
  ContractEventSchemas,
  contractStreamId,
  type ContractEventData,
  type ContractEventType,
  ContractSupplier,
  isContractEventType,
  isManagementEventType,
  Money,
  ProcurementRoute,
  type Stage,
  type StoredEvent,
} from '@cls/domain';
import { z } from 'zod';
import { Instant, IsoDay } from '../http/query';
import { readEventData } from '../projections/event-data';

/** The stages the register can show: every stage of the domain's, in the order of the cycle. */
export const RegisterStage = z.enum([
  'needs-assessment',
  'route-decision',
  'specification',
  'procurement',
  'award',
  'contract-issue',
  'mobilisation',
  'active',
  'terminated',
  'expired',
  'decommissioned',
] as const satisfies readonly Stage[]);
export type RegisterStage = z.infer<typeof RegisterStage>;

// A stage the domain adds must be one the register can show: this stops compiling until it is.
const _everyDomainStage: readonly RegisterStage[] = [] as Stage[];

/** One schema for the entry the fold builds, the table stores and the endpoints answer, so that they cannot drift. */
export const RegisterEntry = z.object({
  contractId: z.uuid(),
  title: z.string(),
  organisation: z.string(),
  stage: RegisterStage,
  route: ProcurementRoute.nullable().describe('The route decided (tender, direct award or grant); null until RouteDecided'),
  supplier: ContractSupplier.nullable().describe('The supplier awarded the contract; null until ContractAwarded'),
  valuePence: Money.nullable().describe('In pence: the value awarded, then the value of the contract as issued; null until the award'),
  startDate: IsoDay.nullable().describe('The first day of the contract’s term; null until ContractIssued'),
  endDate: IsoDay.nullable().describe('The last day of the contract’s term; null until ContractIssued'),
  activatedOn: IsoDay.nullable().describe('The day the contract went live (stage active); null until then'),
  lastEventType: z.string(),
  lastEventAt: Instant.describe('When the last event happened in the workflow (its occurredAt)'),
  version: z.number().int().positive().describe('The stream version of the last event applied'),
});
export type RegisterEntry = z.infer<typeof RegisterEntry>;

export type RegisterChange =
  /** Store this entry. */
  | { kind: 'write'; entry: RegisterEntry }
  /** The entry already reflects this event or a later one. */
  | { kind: 'unchanged' }
  /** Not the register's business: another stream's event, or an unknown type for a contract it has not seen. */
  | { kind: 'ignored' }
  /** The event cannot be applied as it is: report it, the register stays as it was. */
  | { kind: 'rejected'; reason: string };

const touched = (entry: RegisterEntry, event: StoredEvent): RegisterEntry => ({
  ...entry,
  lastEventType: event.type,
  lastEventAt: event.metadata.occurredAt,
  version: event.streamVersion,
});

/** The event's data in the shape its type declares, through the check every projection shares. */
const readData = <T extends ContractEventType>(
  type: T,
  event: StoredEvent,
): { success: true; data: ContractEventData<T> } | { success: false; rejected: RegisterChange } => {
  const read = readEventData(ContractEventSchemas, type, event);
  return read.success ? { success: true, data: read.data } : { success: false, rejected: { kind: 'rejected', reason: read.reason } };
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
      supplier: null,
      valuePence: null,
      startDate: null,
      endDate: null,
      activatedOn: null,
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

/**
 * A first agreement moves a tender on to procurement, a direct award or a grant to its award; a revision leaves the
 * stage where it is.
 */
export const onSpecificationAgreed = (entry: RegisterEntry, event: StoredEvent): RegisterChange => {
  const data = readData('SpecificationAgreed', event);
  if (!data.success) return data.rejected;
  if (entry.route === null) {
    return { kind: 'rejected', reason: `SpecificationAgreed for contract ${entry.contractId}, whose route the register has not seen decided` };
  }
  const stage: RegisterStage = entry.stage !== 'specification' ? entry.stage : entry.route === 'tender' ? 'procurement' : 'award';
  return { kind: 'write', entry: { ...touched(entry, event), stage } };
};

export const onContractAwarded = (entry: RegisterEntry, event: StoredEvent): RegisterChange => {
  const data = readData('ContractAwarded', event);
  if (!data.success) return data.rejected;
  const { supplier, valuePence } = data.data;
  return { kind: 'write', entry: { ...touched(entry, event), stage: 'contract-issue', supplier, valuePence } };
};

/** The contract as issued: its value (at most the award's) and its term. */
export const onContractIssued = (entry: RegisterEntry, event: StoredEvent): RegisterChange => {
  const data = readData('ContractIssued', event);
  if (!data.success) return data.rejected;
  const { supplier, valuePence, startDate, endDate } = data.data;
  return { kind: 'write', entry: { ...touched(entry, event), supplier, valuePence, startDate, endDate } };
};

export const onMobilisationStarted = (entry: RegisterEntry, event: StoredEvent): RegisterEntry => ({
  ...touched(entry, event),
  stage: 'mobilisation',
});

export const onContractActivated = (entry: RegisterEntry, event: StoredEvent): RegisterChange => {
  const data = readData('ContractActivated', event);
  if (!data.success) return data.rejected;
  return { kind: 'write', entry: { ...touched(entry, event), stage: 'active', activatedOn: data.data.activatedOn } };
};

/**
 * The contract's end is where it stands: terminated, or expired (decommissioned when that was the decision), as the
 * domain's fold says.
 */
export const onContractTerminated = (entry: RegisterEntry, event: StoredEvent): RegisterChange => {
  const data = readData('ContractTerminated', event);
  if (!data.success) return data.rejected;
  return { kind: 'write', entry: { ...touched(entry, event), stage: 'terminated' } };
};

export const onContractExpired = (entry: RegisterEntry, event: StoredEvent): RegisterChange => {
  const data = readData('ContractExpired', event);
  if (!data.success) return data.rejected;
  return { kind: 'write', entry: { ...touched(entry, event), stage: data.data.decision === 'decommission' ? 'decommissioned' : 'expired' } };
};

/** Types the register has no use for still move it on, so it shows the latest activity and never stalls. */
export const onOtherEvent = (entry: RegisterEntry, event: StoredEvent): RegisterEntry => touched(entry, event);

const notOpened = (contractId: string, event: StoredEvent): RegisterChange => ({
  kind: 'rejected',
  reason: `${event.type} for contract ${contractId}, which the register has not seen opened`,
});

/** Whether the event is on the contract's own stream (ids compared as UUIDs: case does not matter). */
const onContractStream = (contractId: string, event: StoredEvent): boolean =>
  event.streamId.toLowerCase() === contractStreamId(contractId).toLowerCase();

/**
 * The register's fold: given the contract's current entry (if any) and its next event, what to store. Only the
 * contract's own stream counts: the streams of its tenders, plans and placements share the topic and the key, and
 * their stream versions are not the contract's.
 */
export const projectContractRegister = (
  current: RegisterEntry | undefined,
  contractId: string,
  event: StoredEvent,
): RegisterChange => {
  if (!onContractStream(contractId, event)) return { kind: 'ignored' };
  if (current && event.streamVersion <= current.version) return { kind: 'unchanged' };
  const type = event.type;
  if (!isContractEventType(type)) {
    return current ? { kind: 'write', entry: onOtherEvent(current, event) } : { kind: 'ignored' };
  }
  if (type === 'CommissionOpened') return onCommissionOpened(contractId, event);
  if (!current) return notOpened(contractId, event);
  if (type === 'ContractTerminated') return onContractTerminated(current, event);
  if (type === 'ContractExpired') return onContractExpired(current, event);
  // The register shows where a contract stands, not its day-to-day management: those events only move it on.
  if (isManagementEventType(type)) return { kind: 'write', entry: onOtherEvent(current, event) };
  switch (type) {
    case 'NeedsAssessmentRecorded':
      return { kind: 'write', entry: onNeedsAssessmentRecorded(current, event) };
    case 'RouteDecided':
      return onRouteDecided(current, event);
    case 'SpecificationAgreed':
      return onSpecificationAgreed(current, event);
    case 'ContractAwarded':
      return onContractAwarded(current, event);
    case 'ContractIssued':
      return onContractIssued(current, event);
    case 'MobilisationStarted':
      return { kind: 'write', entry: onMobilisationStarted(current, event) };
    case 'ContractActivated':
      return onContractActivated(current, event);
    case 'ContractAuthorised':
    case 'ContractSigned':
    case 'FinanceNotified':
    case 'MasterCopyRecorded':
    case 'ReminderIssued':
    case 'TenderStarted':
    case 'TenderEnded':
    case 'NoticeDrafted':
    case 'NoticeApproved':
    case 'NoticePublished':
    case 'NoticeWithdrawn':
    case 'InvoiceReceived':
    case 'InvoicePaid':
    case 'InvoicePaymentOverdue':
      return { kind: 'write', entry: onOtherEvent(current, event) };
    default:
      return assertNever(type);
  }
};
