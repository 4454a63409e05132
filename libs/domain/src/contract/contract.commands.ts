import { z } from 'zod';
import { ApproveNotice, RecordNoticePublication } from '../notices/notice.commands';
import { PayInvoice, RecordInvoice, RecordPaymentOverdue } from '../payments/payment.events';
import { Money } from '../policy/procurement-policy.schema';
import { Authoriser, ExtensionOption } from '../policy/route.policy';
import { IsoDate } from '../policy/working-days';
import {
  ContractSupplier,
  ContractTerms,
  MasterCopyRecordedData,
  MobilisationStartedData,
  NeedsAssessment,
  PerformanceHistory,
  Reminder,
  RouteDecisionDetails,
  ServiceSpecification,
  Signatory,
  SigningParty,
} from './contract.events';
import { TenderDetails } from '../tender/tender.commands';
import { KpiBandsInput, ManagementCommands, TerminationTermsInput } from './management.commands';

export * from './management.commands';

/** A person's note on a decision: it becomes the event's reason. */
const Note = z.string().trim().min(1).max(4000).optional();

export const OpenCommission = z.object({
  type: z.literal('OpenCommission'),
  data: z.object({
    contractId: z.uuid(),
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(4000).optional(),
    /** A recommission: the contract this one follows, and what its life showed (`RecommissionRequested`). */
    predecessorContractId: z.uuid().optional(),
    predecessorHistory: PerformanceHistory.optional(),
  }),
});

export const RecordNeedsAssessment = z.object({
  type: z.literal('RecordNeedsAssessment'),
  data: NeedsAssessment,
});

/** The commissioner decides grant, direct award or tender; checked against the deployment's procurement policy. */
export const DecideRoute = z.object({
  type: z.literal('DecideRoute'),
  data: RouteDecisionDetails,
});

/** Agrees (or revises, until the tender is published) the service specification and the evaluation criteria. */
export const AgreeSpecification = z.object({
  type: z.literal('AgreeSpecification'),
  data: ServiceSpecification,
});

/** Names the supplier of a direct award or a grant; a tender is awarded from its tender instead. */
export const AwardDirectly = z.object({
  type: z.literal('AwardDirectly'),
  data: z.object({
    supplier: ContractSupplier,
    /** The value of the initial term, in pence including VAT; the route's extension options come on top. */
    valuePence: Money,
    note: Note,
  }),
});

/** Creates the contract from the award: terms, dates, extension options and value, for authorisation and signature. */
export const IssueContract = z.object({
  type: z.literal('IssueContract'),
  data: z.object({
    terms: ContractTerms,
    startDate: IsoDate,
    endDate: IsoDate,
    /** The route's options when left out. */
    extensionOptions: z.array(ExtensionOption).max(20).optional(),
    /** The award's value when left out; never above it. */
    valuePence: Money.optional(),
    /** The contract's own four-level rating bands, by KPI name; a KPI left out is rated from its RAG thresholds. */
    kpiBands: KpiBandsInput.optional(),
    /** The grounds for early termination the contract allows, each with its notice; none when left out. */
    terminationTerms: TerminationTermsInput.optional(),
  }),
});

/** Authority to purchase, per the route's category: who authorised, within what limit. */
export const AuthoriseContract = z.object({
  type: z.literal('AuthoriseContract'),
  data: z.object({
    authoriser: Authoriser.extend({ id: z.string().trim().min(1).max(200) }),
    /** Category A only: whether the criteria to receive the service are met. */
    eligibilityCriteriaMet: z.boolean().optional(),
    note: Note,
  }),
});

export const SignContract = z.object({
  type: z.literal('SignContract'),
  data: z.object({ party: SigningParty, signatory: Signatory }),
});

export const RecordMasterCopy = z.object({
  type: z.literal('RecordMasterCopy'),
  data: MasterCopyRecordedData,
});

export const StartMobilisation = z.object({
  type: z.literal('StartMobilisation'),
  data: MobilisationStartedData,
});

export const ActivateContract = z.object({
  type: z.literal('ActivateContract'),
  data: z.object({ note: Note }),
});

/** Given by the workflow's timers only (role `system`): a reminder of what is awaited and by when. */
export const IssueReminder = z.object({
  type: z.literal('IssueReminder'),
  data: Reminder,
});

/** The commissioner starts the tender: its procedure and deadlines; the criteria come from the specification. */
export const StartTender = z.object({
  type: z.literal('StartTender'),
  data: TenderDetails,
});

/** Given by the tender's workflow only (role `system`) when the tender ends: awarded after standstill, or cancelled. */
export const RecordTenderOutcome = z.object({
  type: z.literal('RecordTenderOutcome'),
  data: z.discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('awarded'),
      tenderId: z.string().min(1).max(200),
      supplier: ContractSupplier,
      pricePence: Money,
      standstillEndedAt: z.iso.datetime({ offset: true }),
    }),
    z.object({ outcome: z.literal('cancelled'), tenderId: z.string().min(1).max(200), reason: z.string().trim().min(1).max(4000).optional() }),
  ]),
});

/**
 * The commissioner prepares the transparency notice (UK5) a covered direct award must follow: the supplier and the
 * value they mean to award.
 */
export const PrepareTransparencyNotice = z.object({
  type: z.literal('PrepareTransparencyNotice'),
  data: z.object({ supplier: ContractSupplier, valuePence: Money }),
});

export const ContractCommand = z.discriminatedUnion('type', [
  ApproveNotice,
  RecordNoticePublication,
  PrepareTransparencyNotice,
  RecordInvoice,
  PayInvoice,
  RecordPaymentOverdue,
  OpenCommission,
  RecordNeedsAssessment,
  DecideRoute,
  AgreeSpecification,
  AwardDirectly,
  IssueContract,
  AuthoriseContract,
  SignContract,
  RecordMasterCopy,
  StartMobilisation,
  ActivateContract,
  IssueReminder,
  StartTender,
  RecordTenderOutcome,
  ...ManagementCommands,
]);
export type ContractCommand = z.infer<typeof ContractCommand>;
export type ContractCommandType = ContractCommand['type'];
