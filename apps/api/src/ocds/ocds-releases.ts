import {
  assertNever,
  isContractEventType,
  isTenderEventType,
  noticeTypeNames,
  parseContractEvent,
  parseTenderEvent,
  type ContractEvent,
  type ContractEventData,
  type EvaluationCriterion,
  type NoticeContent,
  type NoticeEvent,
  type NoticeType,
  type ProcurementProcedure,
  type ProcurementRegime,
  type SigningParty,
  type StoredEvent,
  type Supplier,
  type TenderEvent,
} from '@cls/domain';
import { byDate, compileReleases } from './ocds-merge';
import type {
  Award,
  AwardCriteria,
  AwardStatus,
  Contract,
  Document,
  DocumentType,
  Implementation,
  Milestone,
  Organization,
  PartyRole,
  ProcurementCategory,
  ProcurementMethod,
  Publisher,
  RecordPackage,
  Release,
  ReleasePackage,
  ReleaseSections,
  ReleaseTag,
  Tender,
  Value,
} from './ocds.types';

/**
 * A contracting process's stored events as OCDS 1.1 releases: one release per change the public record should
 * show, each carrying only the sections that change touched. Pure: the events and the publication settings in,
 * packages out.
 *
 * What each event publishes (the switches below are the table; a new event type fails to compile until it is
 * placed in it):
 *
 * | events                                                   | tag                                    |
 * | -------------------------------------------------------- | -------------------------------------- |
 * | CommissionOpened, then NeedsAssessmentRecorded, RouteDecided, SpecificationAgreed | planning, then planningUpdate |
 * | TenderPublished                                          | tender                                 |
 * | ClarificationAnswered, InvitationToTenderIssued, TenderClosed | tenderUpdate                      |
 * | TenderCancelled                                          | tenderCancellation                     |
 * | AwardDecided; ContractAwarded of a direct award or grant | award                                  |
 * | StandstillEnded                                          | awardUpdate                            |
 * | AwardSetAside                                            | awardCancellation                      |
 * | ContractIssued                                           | contract                               |
 * | ContractSigned (the second signature)                    | contractUpdate                         |
 * | ContractActivated; a return or review due, met or missed (ReturnSubmitted, ReturnOverdue, ReviewHeld, ReviewMissed); MonitoringReportRecorded, AnnualPerformanceAssessed | implementation (implementationUpdate when it changes a milestone already published) |
 * | ContractVaried, ExtensionExercised                       | contractAmendment                      |
 * | ContractTerminated, ContractExpired                      | contractTermination                    |
 * | StandstillStarted                                        | awardUpdate                            |
 * | NoticePublished (a Procurement Act notice): UK1–UK3; UK4, UK5, UK12; UK6; UK7; UK9; UK10; UK11 | planning(Update); tenderUpdate; awardUpdate; contractUpdate; implementation; contractAmendment; contractTermination |
 *
 * A published notice is a document of the section it announces (`planning`, `tender`, the award, the contract or
 * its implementation), identified by the platform's notice id, with the notice type as Find a Tender marks it
 * (`noticeType`: `UK4` …), its type's documentType code and its publication time. Its facts were published by the
 * releases of the decisions it reports; the notice is the statutory publication of them. A notice drafted,
 * approved or withdrawn is not yet public.
 *
 * A change to something an earlier release published takes releaseTag.csv's `…Update` or `…Cancellation` tag
 * rather than repeating `planning`, `tender`, `award` or `contract`. Delivery goes to `contracts[].implementation`:
 * the service's start, each return and review as a reporting or assessment milestone, and monitoring reports and
 * the annual KPI assessment (Procurement Act 2023 s.71) as progress reports, by title and period only.
 *
 * Everything else is not published: internal decisions (authorisation, evaluation, master copy, Finance), what is
 * confidential until the tender closes (interest, bids) or for good (scores, letters, challenges, KPI ratings of a
 * quarter, concerns, risk, plans), and events that repeat another stream's news (TenderStarted, TenderEnded, a
 * tender's ContractAwarded).
 */

export interface OcdsPublication {
  /** The publisher's prefix registered with the Open Contracting Partnership: the ocid is `<prefix>-<contractId>`. */
  ocidPrefix: string;
  publisher: Publisher;
  /** The API's public base URL, without a trailing slash: packages are identified by the URLs that serve them. */
  baseUrl: string;
  license?: string;
}

export const ocidOf = (ocidPrefix: string, contractId: string): string => `${ocidPrefix}-${contractId}`;

const contractStreamPrefix = 'contract-';
const tenderStreamPrefix = 'tender-';

type ProcessEvent =
  | { stream: 'contract'; event: ContractEvent; stored: StoredEvent }
  | { stream: 'tender'; tenderId: string; event: TenderEvent; stored: StoredEvent };

/**
 * Only the contract's and its tenders' streams speak to OCDS; other streams of the process, and event types this
 * build does not know yet (recorded by a newer version), are left out rather than failing the whole export.
 */
const processEventOf = (stored: StoredEvent): ProcessEvent | undefined => {
  if (stored.streamId.startsWith(contractStreamPrefix) && isContractEventType(stored.type)) {
    return { stream: 'contract', event: parseContractEvent(stored.type, stored.data), stored };
  }
  if (stored.streamId.startsWith(tenderStreamPrefix) && isTenderEventType(stored.type)) {
    const tenderId = stored.streamId.slice(tenderStreamPrefix.length);
    return { stream: 'tender', tenderId, event: parseTenderEvent(stored.type, stored.data), stored };
  }
  return undefined;
};

/** The order things happened in: the workflows' clocks, and the store's order for events of the same instant. */
const chronological = (a: StoredEvent, b: StoredEvent): number => {
  const byTime = Date.parse(a.metadata.occurredAt) - Date.parse(b.metadata.occurredAt);
  if (byTime !== 0) return byTime;
  const positionA = BigInt(a.globalPosition);
  const positionB = BigInt(b.globalPosition);
  return positionA < positionB ? -1 : positionA > positionB ? 1 : 0;
};

// ---- Codes and values --------------------------------------------------------------------------------------------

const gbp = (pence: number): Value => ({ amount: pence / 100, currency: 'GBP' });

/** The domain treats a date as a UTC calendar day (libs/domain policy/working-days): its first and last second. */
const startOfDay = (day: string): string => `${day}T00:00:00Z`;
const endOfDay = (day: string): string => `${day}T23:59:59Z`;

/**
 * method.csv: `open`, all interested suppliers may tender; `selective`, only suppliers that pass a selection stage
 * are invited to (the restricted procedure, and every design of the competitive flexible procedure that shortlists,
 * which is how this service runs dialogue, innovation partnership and the light-touch regime: all two-stage).
 */
const procedures: Readonly<Record<ProcurementProcedure, { method: ProcurementMethod; details: string }>> = {
  open: { method: 'open', details: 'Open procedure' },
  restricted: { method: 'selective', details: 'Restricted procedure (competitive flexible, selection then tender)' },
  'competitive-flexible': { method: 'selective', details: 'Competitive flexible procedure' },
  'competitive-dialogue': { method: 'selective', details: 'Competitive dialogue (competitive flexible procedure)' },
  'innovation-partnership': { method: 'selective', details: 'Innovation partnership (competitive flexible procedure)' },
  'light-touch': { method: 'selective', details: 'Light-touch regime' },
};

/**
 * Both non-tendered routes name one recipient without competition, which is method.csv's `direct`. A grant is not
 * `limited`: that code means the buyer approached several suppliers of its choosing, which the domain never records.
 */
const nonTenderedRoutes = {
  'direct-award': { method: 'direct', details: 'Direct award' },
  grant: { method: 'direct', details: 'Grant' },
} as const satisfies Readonly<Record<'direct-award' | 'grant', { method: ProcurementMethod; details: string }>>;

const regimes: Readonly<Record<ProcurementRegime, string>> = {
  proportionate: 'below the local threshold: a proportionate process',
  'local-competitive': 'below the Procurement Act 2023 threshold: local competition',
  regulated: 'above the Procurement Act 2023 threshold',
};

/** Light-touch contracts are social and other specific services. */
const categories: Readonly<Record<ContractEventData<'RouteDecided'>['contractType'], ProcurementCategory>> = {
  services: 'services',
  goods: 'goods',
  works: 'works',
  'light-touch': 'services',
};

/** awardCriteria.csv: price alone, no price at all (quality, social value), or weighted criteria with price. */
const awardCriteriaOf = (criteria: readonly EvaluationCriterion[]): Pick<Tender, 'awardCriteria' | 'awardCriteriaDetails'> => {
  const priced = criteria.some((criterion) => criterion.kind === 'price');
  const awardCriteria: AwardCriteria = !priced ? 'qualityOnly' : criteria.length === 1 ? 'priceOnly' : 'ratedCriteria';
  const awardCriteriaDetails = criteria.map((criterion) => `${criterion.name} (${criterion.kind}): ${criterion.weight}%`).join('; ');
  return { awardCriteria, awardCriteriaDetails };
};

// ---- The process as the releases have told it so far -------------------------------------------------------------

interface TenderFold {
  bids: Map<string, Supplier>;
  awardsDecided: number;
  /** The award of this tender that has not been set aside, if any. */
  currentAwardId?: string;
}

interface AwardFold {
  status: AwardStatus;
  supplier: Supplier;
  tenderId?: string;
}

class ProcessFold {
  buyer?: string;
  regime?: ProcurementRegime;
  /** What `tender.id` is: the contract's id while the process is planned, then its latest tender's. */
  tenderSectionId: string;
  readonly tenders = new Map<string, TenderFold>();
  readonly awards = new Map<string, AwardFold>();
  contractAwardId?: string;
  readonly signed = new Set<SigningParty>();
  readonly names = new Map<string, string>();
  readonly tenderers = new Set<string>();
  readonly publishedRoles = new Map<string, string>();
  planningPublished = false;
  /** The contract's value as last published: an extension adds its option's value to it. */
  contractValuePence?: number;
  /** Milestones already published: a later release about one of them updates it. */
  readonly milestones = new Set<string>();
  /** What each notice drafted so far states, by notice id, for its document once it is published. */
  readonly notices = new Map<string, NoticeContent>();

  constructor(readonly contractId: string) {
    this.tenderSectionId = contractId;
  }

  tender(tenderId: string): TenderFold {
    const known = this.tenders.get(tenderId);
    if (known) return known;
    const created: TenderFold = { bids: new Map(), awardsDecided: 0 };
    this.tenders.set(tenderId, created);
    return created;
  }

  rolesOf(organisation: string): PartyRole[] {
    const supplies = [...this.awards.values()].some((award) => award.status !== 'cancelled' && award.supplier.organisation === organisation);
    return [
      ...(organisation === this.buyer ? (['buyer', 'procuringEntity'] as const) : []),
      ...(this.tenderers.has(organisation) ? (['tenderer'] as const) : []),
      ...(supplies ? (['supplier'] as const) : []),
    ];
  }

  /**
   * The parties whose roles changed since the last release. Merging replaces a party's `roles` whole, so each is
   * published with all its roles.
   */
  changedParties(): Organization[] {
    const known = new Set([...(this.buyer ? [this.buyer] : []), ...this.tenderers, ...[...this.awards.values()].map((award) => award.supplier.organisation)]);
    const changed: Organization[] = [];
    for (const organisation of known) {
      const roles = this.rolesOf(organisation);
      const key = roles.join(',');
      if (this.publishedRoles.get(organisation) === key) continue;
      this.publishedRoles.set(organisation, key);
      const name = this.names.get(organisation);
      changed.push({ id: organisation, ...(name === undefined ? {} : { name }), roles });
    }
    return changed;
  }

  supplierReference(supplier: Supplier): { id: string; name: string } {
    this.names.set(supplier.organisation, supplier.name);
    return { id: supplier.organisation, name: supplier.name };
  }
}

interface Draft {
  tag: ReleaseTag;
  sections: ReleaseSections;
}

const planning = (fold: ProcessFold, sections: ReleaseSections): Draft => {
  const tag: ReleaseTag = fold.planningPublished ? 'planningUpdate' : 'planning';
  fold.planningPublished = true;
  return { tag, sections };
};

const awardRelease = (tag: ReleaseTag, award: Award, tender?: Tender): Draft => ({
  tag,
  sections: { awards: [award], ...(tender ? { tender } : {}) },
});

/** A milestone published for the first time is new implementation information; one seen before, an update. */
const milestoneRelease = (fold: ProcessFold, milestone: Milestone): Draft => {
  const known = fold.milestones.has(milestone.id);
  fold.milestones.add(milestone.id);
  return contractRelease(fold, known ? 'implementationUpdate' : 'implementation', { implementation: { milestones: [milestone] } });
};

const implementationRelease = (fold: ProcessFold, implementation: Implementation): Draft => contractRelease(fold, 'implementation', { implementation });

const contractRelease = (fold: ProcessFold, tag: ReleaseTag, contract: Omit<Contract, 'id' | 'awardID'>): Draft => {
  if (!fold.contractAwardId) throw new Error(`Contract ${fold.contractId} has a contract event before its award`);
  return { tag, sections: { contracts: [{ id: fold.contractId, awardID: fold.contractAwardId, ...contract }] } };
};

// ---- Procurement Act notices --------------------------------------------------------------------------------------

/** documentType.csv's code for each notice: UK8 (payments compliance) is the authority's, not a process's. */
const noticeDocumentTypes: Readonly<Record<Exclude<NoticeType, 'UK8'>, DocumentType>> = {
  UK1: 'plannedProcurementNotice',
  UK2: 'plannedProcurementNotice',
  UK3: 'plannedProcurementNotice',
  UK4: 'tenderNotice',
  UK5: 'tenderNotice',
  UK6: 'awardNotice',
  UK7: 'contractNotice',
  UK9: 'contractNotice',
  UK10: 'contractNotice',
  UK11: 'contractNotice',
  UK12: 'tenderNotice',
};

/**
 * A notice event of either stream: a draft is remembered for its document, a publication is released; approval and
 * withdrawal are not public. `tenderId` names the tender whose stream it is on.
 */
const fromNotice = (fold: ProcessFold, event: NoticeEvent, tenderId: string | undefined): Draft | undefined => {
  switch (event.type) {
    case 'NoticeDrafted':
      fold.notices.set(event.data.noticeId, event.data.content);
      return undefined;
    case 'NoticeApproved':
    case 'NoticeWithdrawn':
      return undefined;
    case 'NoticePublished':
      return noticeRelease(fold, event.data, tenderId);
    default:
      return assertNever(event);
  }
};

const noticeRelease = (
  fold: ProcessFold,
  { noticeId, noticeType, platformNoticeId, publishedAt }: Extract<NoticeEvent, { type: 'NoticePublished' }>['data'],
  tenderId: string | undefined,
): Draft | undefined => {
  if (noticeType === 'UK8') return undefined;
  const content = fold.notices.get(noticeId);
  const document: Document = {
    id: platformNoticeId,
    documentType: noticeDocumentTypes[noticeType],
    noticeType,
    title: content ? `${noticeTypeNames[noticeType]}: ${content.title}` : noticeTypeNames[noticeType],
    ...(content?.description === undefined ? {} : { description: content.description }),
    datePublished: publishedAt,
  };
  switch (noticeType) {
    case 'UK1':
    case 'UK2':
    case 'UK3':
      return planning(fold, { planning: { documents: [document] } });
    case 'UK4':
    case 'UK5':
    case 'UK12':
      return { tag: 'tenderUpdate', sections: { tender: { id: tenderId ?? fold.tenderSectionId, documents: [document] } } };
    case 'UK6': {
      const awardId = tenderId === undefined ? fold.contractAwardId : fold.tender(tenderId).currentAwardId;
      return awardId === undefined ? undefined : awardRelease('awardUpdate', { id: awardId, documents: [document] });
    }
    case 'UK7':
      return contractRelease(fold, 'contractUpdate', { documents: [document] });
    case 'UK9':
      return implementationRelease(fold, { documents: [document] });
    case 'UK10':
      return contractRelease(fold, 'contractAmendment', { documents: [document] });
    case 'UK11':
      return contractRelease(fold, 'contractTermination', { documents: [document] });
    default:
      return assertNever(noticeType);
  }
};

// ---- The contract's stream ---------------------------------------------------------------------------------------

const fromContract = (fold: ProcessFold, event: ContractEvent, stored: StoredEvent): Draft | undefined => {
  switch (event.type) {
    case 'CommissionOpened': {
      const { organisation, title, description } = event.data;
      fold.buyer = organisation;
      return planning(fold, {
        buyer: { id: organisation },
        tender: {
          id: fold.tenderSectionId,
          title,
          ...(description ? { description } : {}),
          status: 'planning',
          procuringEntity: { id: organisation },
        },
      });
    }
    case 'NeedsAssessmentRecorded':
      return planning(fold, { planning: { rationale: `${event.data.need} (client group: ${event.data.clientGroup})` } });
    case 'RouteDecided': {
      const { route, procedure, contractType, justification, wholeLifeValuePence, regime } = event.data;
      fold.regime = regime;
      const chosen = route === 'tender' ? (procedure ? procedures[procedure] : undefined) : nonTenderedRoutes[route];
      return planning(fold, {
        tender: {
          id: fold.tenderSectionId,
          ...(chosen ? { procurementMethod: chosen.method } : {}),
          procurementMethodDetails: [chosen?.details ?? 'Tender', regimes[regime]].join('; '),
          // Cleared by null when a revised decision no longer needs a justification.
          procurementMethodRationale: justification ?? null,
          mainProcurementCategory: categories[contractType],
          value: gbp(wholeLifeValuePence),
        },
      });
    }
    case 'SpecificationAgreed':
      return planning(fold, {
        tender: { id: fold.tenderSectionId, status: 'planned', ...(event.data.criteria ? awardCriteriaOf(event.data.criteria) : {}) },
      });
    case 'ContractAwarded': {
      const { basis, tenderId, supplier, valuePence, awardedAt } = event.data;
      if (basis === 'tender' && tenderId !== undefined) {
        const tender = fold.tender(tenderId);
        if (tender.currentAwardId !== undefined) {
          fold.contractAwardId = tender.currentAwardId;
          // The tender's StandstillEnded has normally published this award already.
          const standing = fold.awards.get(tender.currentAwardId)?.status === 'active';
          return standing ? undefined : changeAward(fold, tender, 'active', 'awardUpdate', { id: tenderId, status: 'complete' });
        }
        tender.awardsDecided += 1;
        tender.currentAwardId = `${tenderId}-award-${tender.awardsDecided}`;
        fold.contractAwardId = tender.currentAwardId;
      } else {
        fold.contractAwardId = `${fold.contractId}-award-1`;
      }
      fold.awards.set(fold.contractAwardId, { status: 'active', supplier, ...(tenderId === undefined ? {} : { tenderId }) });
      return awardRelease(
        'award',
        { id: fold.contractAwardId, status: 'active', date: awardedAt, value: gbp(valuePence), suppliers: [fold.supplierReference(supplier)] },
        { id: fold.tenderSectionId, status: 'complete' },
      );
    }
    case 'ContractIssued': {
      const { terms, startDate, endDate, valuePence } = event.data;
      fold.contractValuePence = valuePence;
      return contractRelease(fold, 'contract', {
        status: 'pending',
        description: terms.summary,
        period: { startDate: startOfDay(startDate), endDate: endOfDay(endDate) },
        value: gbp(valuePence),
      });
    }
    case 'ContractSigned':
      fold.signed.add(event.data.party);
      // One signature changes nothing OCDS records: the contract is in force once both parties have signed.
      return fold.signed.size < 2 ? undefined : contractRelease(fold, 'contractUpdate', { status: 'active', dateSigned: stored.metadata.occurredAt });
    // The service starting is the first news of its delivery, not a change to the contract's terms.
    case 'ContractActivated':
      return milestoneRelease(fold, {
        id: `${fold.contractId}-service-start`,
        title: 'Service started',
        type: 'delivery',
        status: 'met',
        dateMet: startOfDay(event.data.activatedOn),
      });
    case 'ReturnSubmitted':
      return milestoneRelease(fold, {
        id: `${fold.contractId}-return-${event.data.periodId}`,
        title: `Provider return for ${event.data.periodStart} to ${event.data.periodEnd}`,
        type: 'reporting',
        status: 'met',
        dueDate: endOfDay(event.data.dueDate),
        dateMet: startOfDay(event.data.submittedOn),
      });
    case 'ReturnOverdue':
      return milestoneRelease(fold, {
        id: `${fold.contractId}-return-${event.data.periodId}`,
        title: `Provider return for ${event.data.periodId.replace('/', ' to ')}`,
        type: 'reporting',
        status: 'notMet',
        dueDate: endOfDay(event.data.dueDate),
      });
    case 'ReviewHeld':
      return milestoneRelease(fold, {
        id: `${fold.contractId}-review-${event.data.reviewId}`,
        title: `Contract review (${event.data.kind})`,
        type: 'assessment',
        status: 'met',
        dueDate: endOfDay(event.data.scheduledFor),
        dateMet: startOfDay(event.data.heldOn),
      });
    case 'ReviewMissed':
      return milestoneRelease(fold, {
        id: `${fold.contractId}-review-${event.data.reviewId}`,
        title: `Contract review (${event.data.kind})`,
        type: 'assessment',
        status: 'notMet',
        dueDate: endOfDay(event.data.scheduledFor),
      });
    case 'MonitoringReportRecorded':
      return implementationRelease(fold, {
        documents: [
          {
            id: `${fold.contractId}-${event.data.reportId}`,
            documentType: 'physicalProgressReport',
            title: `Monitoring report (${event.data.kind}), ${event.data.from} to ${event.data.to}`,
            datePublished: stored.metadata.occurredAt,
          },
        ],
      });
    case 'AnnualPerformanceAssessed':
      return implementationRelease(fold, {
        documents: [
          {
            id: `${fold.contractId}-annual-performance-${event.data.reviewId}`,
            documentType: 'physicalProgressReport',
            title: `Annual assessment of performance against the key performance indicators, ${event.data.from} to ${event.data.to}`,
            description: event.data.kpis.map((kpi) => `${kpi.kpi}: ${kpi.rating}`).join('; '),
            datePublished: stored.metadata.occurredAt,
          },
        ],
      });
    // Changes after signature are amendments; the end of the contract, by termination or expiry, is its termination.
    case 'ContractVaried':
      fold.contractValuePence = event.data.newValuePence;
      return contractRelease(fold, 'contractAmendment', {
        value: gbp(event.data.newValuePence),
        period: { endDate: endOfDay(event.data.newEndDate) },
        amendments: [
          {
            id: event.data.variationId,
            date: stored.metadata.occurredAt,
            rationale: event.data.justification ?? `${event.data.kind} variation`,
            description: event.data.description,
          },
        ],
      });
    case 'ExtensionExercised':
      fold.contractValuePence = fold.contractValuePence === undefined ? undefined : fold.contractValuePence + event.data.valuePence;
      return contractRelease(fold, 'contractAmendment', {
        ...(fold.contractValuePence === undefined ? {} : { value: gbp(fold.contractValuePence) }),
        period: { endDate: endOfDay(event.data.newEndDate) },
        amendments: [
          {
            id: `extension-${event.data.option}`,
            date: stored.metadata.occurredAt,
            rationale: 'Extension option exercised',
            ...(event.data.description ? { description: event.data.description } : {}),
          },
        ],
      });
    case 'ContractTerminated':
      return contractRelease(fold, 'contractTermination', { status: 'terminated', period: { endDate: endOfDay(event.data.effectiveDate) } });
    case 'ContractExpired':
      return contractRelease(fold, 'contractTermination', { status: 'terminated' });
    // Internal: authority to purchase, Finance's notice, the master copy and its distribution, mobilisation plans,
    // reminders, and the day-to-day management (quarterly ratings, concerns, risk, plans, placements), which OCDS
    // does not publish.
    case 'KpiBandsSet':
    case 'TerminationTermsSet':
    case 'KpiAssessed':
    case 'AssessmentCommented':
    case 'EscalationRaised':
    case 'ConcernLogged':
    case 'ConcernUpdated':
    case 'InspectionOutcomeRecorded':
    case 'RiskRatingChanged':
    case 'ReturnsScheduleChanged':
    case 'PlanRequired':
    case 'CorrectivePlanOpened':
    case 'CorrectivePlanEnded':
    case 'ContractSuspended':
    case 'ContractResumed':
    case 'TerminationRequested':
    case 'SupplyImpactReviewed':
    case 'TerminationNoticeGiven':
    case 'ExpiryDecided':
    case 'PlacementStarted':
    case 'PlacementEnded':
    case 'RecommissionRequested':
    case 'SuccessorCommissionOpened':
    case 'CommissionLinkedToPredecessor':
    case 'ContractAuthorised':
    case 'FinanceNotified':
    case 'MasterCopyRecorded':
    case 'MobilisationStarted':
    case 'ReminderIssued':
    // The tender's own stream publishes its start (TenderPublished) and its end (TenderCancelled).
    case 'TenderStarted':
    case 'TenderEnded':
      return undefined;
    case 'NoticeDrafted':
    case 'NoticeApproved':
    case 'NoticePublished':
    case 'NoticeWithdrawn':
      return fromNotice(fold, event, undefined);
    // Invoices and payments: published as the authority's payment compliance figures (UK8), not per process.
    case 'InvoiceReceived':
    case 'InvoicePaid':
    case 'InvoicePaymentOverdue':
      return undefined;
    default:
      return assertNever(event);
  }
};

// ---- A tender's stream -------------------------------------------------------------------------------------------

const fromTender = (fold: ProcessFold, tenderId: string, event: TenderEvent, stored: StoredEvent): Draft | undefined => {
  const tender = fold.tender(tenderId);
  const occurredAt = stored.metadata.occurredAt;
  switch (event.type) {
    case 'TenderPublished': {
      const { title, procedure, criteria, estimatePence, reduction, publishedAt, clarificationDeadline, participationClosesAt, closesAt } =
        event.data;
      // A later tender of the same process (after a cancellation) clears what the earlier one said about bids and
      // enquiries. Its documents stay in the compiled release, as merging never removes an item from a list; their
      // ids name the tender they belong to.
      const retender = fold.tenderSectionId !== fold.contractId;
      fold.tenderSectionId = tenderId;
      const details = [
        procedures[procedure].details,
        ...(fold.regime ? [regimes[fold.regime]] : []),
        ...(participationClosesAt ? [`requests to participate close at ${participationClosesAt}`] : []),
        ...(reduction ? [`tendering period reduced: ${reduction}`] : []),
      ];
      return {
        tag: 'tender',
        sections: {
          tender: {
            id: tenderId,
            title,
            status: 'active',
            procurementMethod: procedures[procedure].method,
            procurementMethodDetails: details.join('; '),
            ...awardCriteriaOf(criteria),
            ...(estimatePence === undefined ? {} : { value: gbp(estimatePence) }),
            // Two-stage procedures set the closing time when they invite the shortlist to tender.
            tenderPeriod: { startDate: publishedAt, endDate: closesAt ?? null },
            enquiryPeriod: { startDate: publishedAt, endDate: clarificationDeadline },
            ...(retender ? { numberOfTenderers: null, hasEnquiries: null, awardPeriod: { startDate: null, endDate: null } } : {}),
          },
        },
      };
    }
    case 'ClarificationAnswered': {
      const { clarificationId, question, answer } = event.data;
      return {
        tag: 'tenderUpdate',
        sections: {
          tender: {
            id: tenderId,
            hasEnquiries: true,
            documents: [
              {
                id: `${tenderId}-clarification-${clarificationId}`,
                documentType: 'clarifications',
                title: `Clarification ${clarificationId}`,
                description: `Question: ${question}\nAnswer: ${answer}`,
                datePublished: occurredAt,
              },
            ],
          },
        },
      };
    }
    case 'InvitationToTenderIssued':
      return {
        tag: 'tenderUpdate',
        sections: { tender: { id: tenderId, tenderPeriod: { endDate: event.data.closesAt }, enquiryPeriod: { endDate: event.data.clarificationDeadline } } },
      };
    case 'BidSubmitted':
    case 'LateBidRecorded':
      // Sealed until the tender closes.
      tender.bids.set(event.data.bidId, event.data.supplier);
      fold.names.set(event.data.supplier.organisation, event.data.supplier.name);
      return undefined;
    case 'TenderClosed': {
      // A late bid is disregarded, so its bidder is not a tenderer and does not count.
      for (const bidId of event.data.bids) {
        const supplier = tender.bids.get(bidId);
        if (supplier) fold.tenderers.add(supplier.organisation);
      }
      return {
        tag: 'tenderUpdate',
        sections: { tender: { id: tenderId, numberOfTenderers: event.data.bids.length, awardPeriod: { startDate: event.data.closedAt } } },
      };
    }
    case 'AwardDecided': {
      const { supplier, pricePence, standstill } = event.data;
      // An award decided under statutory notices learns its standstill when its notice is published.
      const description = standstill
        ? `Standstill from ${standstill.firstDay} to ${standstill.lastDay}; the award takes effect when it ends`
        : 'The standstill runs from the publication of the contract award notice; the award takes effect when it ends';
      tender.awardsDecided += 1;
      const id = `${tenderId}-award-${tender.awardsDecided}`;
      tender.currentAwardId = id;
      fold.awards.set(id, { status: 'pending', supplier, tenderId });
      // Only the winner's price is published: the other bids' prices stay with the award letters.
      return awardRelease(
        'award',
        {
          id,
          status: 'pending',
          date: occurredAt,
          value: gbp(pricePence),
          suppliers: [fold.supplierReference(supplier)],
          description,
        },
        { id: tenderId, awardPeriod: { endDate: occurredAt } },
      );
    }
    case 'StandstillStarted': {
      const id = tender.currentAwardId;
      if (id === undefined) return undefined;
      const { firstDay, lastDay } = event.data;
      return awardRelease('awardUpdate', { id, description: `Standstill from ${firstDay} to ${lastDay}, from the contract award notice's publication; the award takes effect when it ends` });
    }
    case 'StandstillEnded':
      return changeAward(fold, tender, 'active', 'awardUpdate', { id: tenderId, status: 'complete' });
    case 'NoticeDrafted':
    case 'NoticeApproved':
    case 'NoticePublished':
    case 'NoticeWithdrawn':
      return fromNotice(fold, event, tenderId);
    case 'AwardSetAside': {
      // The evaluation reopens: the award period has not ended after all.
      const release = changeAward(fold, tender, 'cancelled', 'awardCancellation', { id: tenderId, awardPeriod: { endDate: null } });
      delete tender.currentAwardId;
      return release;
    }
    case 'TenderCancelled': {
      const reason = stored.metadata.reason;
      const pending = tender.currentAwardId === undefined ? undefined : fold.awards.get(tender.currentAwardId);
      if (pending) pending.status = 'cancelled';
      return {
        tag: 'tenderCancellation',
        sections: {
          tender: {
            id: tenderId,
            status: 'cancelled',
            ...(reason
              ? {
                  documents: [
                    { id: `${tenderId}-cancellation`, documentType: 'cancellationDetails', title: 'Why the tender was cancelled', description: reason, datePublished: occurredAt },
                  ],
                }
              : {}),
          },
          ...(pending && tender.currentAwardId ? { awards: [{ id: tender.currentAwardId, status: 'cancelled' }] } : {}),
        },
      };
    }
    // Confidential: who showed interest or asked, the selection stage, the evaluation, each bidder's letter, and
    // challenges (their outcome shows as the award standing or being set aside).
    case 'InterestExpressed':
    case 'ClarificationRequested':
    case 'ClarificationPeriodEnded':
    case 'ParticipationClosed':
    case 'SupplierAssessed':
    case 'ShortlistDecided':
    case 'EvaluationPanelAppointed':
    case 'ConflictOfInterestDeclared':
    case 'IndividualScoreRecorded':
    case 'ScoreModerated':
    case 'AbnormallyLowBidIdentified':
    case 'ExplanationRequested':
    case 'ExplanationSubmitted':
    case 'ExplanationDeadlinePassed':
    case 'AbnormallyLowBidAccepted':
    case 'AbnormallyLowBidRejected':
    case 'AwardLetterIssued':
    case 'ChallengeRecorded':
    case 'ChallengeResolved':
      return undefined;
    default:
      return assertNever(event);
  }
};

const changeAward = (fold: ProcessFold, tender: TenderFold, status: AwardStatus, tag: ReleaseTag, change: Tender): Draft | undefined => {
  const id = tender.currentAwardId;
  const award = id === undefined ? undefined : fold.awards.get(id);
  if (id === undefined || !award) return undefined;
  award.status = status;
  return awardRelease(tag, { id, status }, change);
};

// ---- Packages ----------------------------------------------------------------------------------------------------

/** The process's releases, oldest first. Each release's id is the id of the event it publishes. */
export const releasesOf = (contractId: string, events: readonly StoredEvent[], publication: OcdsPublication): Release[] => {
  const ocid = ocidOf(publication.ocidPrefix, contractId);
  const fold = new ProcessFold(contractId);
  const releases: Release[] = [];
  for (const stored of [...events].sort(chronological)) {
    const known = processEventOf(stored);
    if (!known) continue;
    const draft = known.stream === 'contract' ? fromContract(fold, known.event, stored) : fromTender(fold, known.tenderId, known.event, stored);
    if (!draft) continue;
    const parties = fold.changedParties();
    releases.push({
      ocid,
      id: stored.eventId,
      date: stored.metadata.occurredAt,
      tag: [draft.tag],
      initiationType: 'tender',
      language: 'en',
      ...(parties.length > 0 ? { parties } : {}),
      ...draft.sections,
    });
  }
  return byDate(releases);
};

const packageUri = (publication: OcdsPublication, contractId: string, what: 'releases' | 'record'): string =>
  `${publication.baseUrl}/contracts/${encodeURIComponent(contractId)}/ocds/${what}`;

const metadataOf = (publication: OcdsPublication, uri: string, releases: readonly Release[]) => {
  const newest = releases.at(-1);
  if (!newest) throw new Error('An OCDS package needs at least one release');
  // Generated on demand, so dated by the last change to what it contains, as the package schema asks.
  return {
    uri,
    version: '1.1' as const,
    publisher: publication.publisher,
    publishedDate: newest.date,
    ...(publication.license === undefined ? {} : { license: publication.license }),
  };
};

export const releasePackageOf = (contractId: string, releases: readonly Release[], publication: OcdsPublication): ReleasePackage => ({
  ...metadataOf(publication, packageUri(publication, contractId, 'releases'), releases),
  releases: [...releases],
});

/** The record: every release embedded, and the compiled release merged from them. */
export const recordPackageOf = (contractId: string, releases: readonly Release[], publication: OcdsPublication): RecordPackage => ({
  ...metadataOf(publication, packageUri(publication, contractId, 'record'), releases),
  packages: [packageUri(publication, contractId, 'releases')],
  records: [{ ocid: ocidOf(publication.ocidPrefix, contractId), releases: [...releases], compiledRelease: compileReleases(releases) }],
});
