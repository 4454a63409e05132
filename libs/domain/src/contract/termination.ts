import { isBefore } from '../monitoring/calendar';
import { checkTermination } from '../monitoring/termination';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import type { CommandContext } from '../shared/envelope.schema';
import { conflict, invalid } from '../shared/errors';
import { contractExpiryReminderDate, openPlacements, refield, requireNoNotice, requireRunning } from './active-contract';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';
import { endContract } from './recommission';
import { exerciseExtension } from './variation';

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

// Early termination follows seed 002's procedure: asked for (by the operational lead, typically), the contract
// manager (a) reviews the supply repercussions, (b) checks the contract's capacity to terminate, then (c) gives
// written notice in keeping with the contract; the notice takes effect on its date.

/**
 * Refusals (conflict): `termination.already-requested` while a request stands; `termination.notice-already-given`.
 * The reason given is the event's reason.
 */
export const requestTermination = (contract: OpenContract, { ground, reason }: DataOf<'RequestTermination'>, context: CommandContext, today: string): ContractEvent => {
  const { management } = requireRunning(contract);
  const { requested, notice } = management.termination;
  if (notice) throw conflict('termination.notice-already-given', `Notice was given on ${notice.noticeGivenOn}, effective ${notice.effectiveDate}`);
  if (requested) throw conflict('termination.already-requested', `Termination was requested on ${requested.requestedOn}`);
  return { type: 'TerminationRequested', data: { ground, requestedBy: context.actor, requestedOn: today }, reason };
};

/**
 * The supply-impact review (step a), after a request, before notice; it may be recorded again as it is revised.
 * Refusals (conflict): `termination.not-requested`, `termination.notice-already-given`.
 */
export const recordSupplyImpactReview = (contract: OpenContract, data: DataOf<'RecordSupplyImpactReview'>, today: string): ContractEvent => {
  const { management } = requireRunning(contract);
  const { requested, notice } = management.termination;
  if (notice) throw conflict('termination.notice-already-given', `Notice was given on ${notice.noticeGivenOn}`);
  if (!requested) throw conflict('termination.not-requested', 'No termination has been requested');
  return {
    type: 'SupplyImpactReviewed',
    data: { reviewedOn: today, ...data, placementsAffected: openPlacements(management).map((placement) => placement.placementId) },
  };
};

/**
 * Written notice (step c), once the contract's capacity to terminate is checked (step b): the ground must be one
 * the contract's termination clause allows, and its notice period sets the effective date. Refusals:
 * - `termination.not-requested`, `termination.notice-already-given` (conflict);
 * - `termination.supply-impact-review-required` (conflict): no notice before the supply-impact review;
 * - `termination.ground-not-in-contract` (invalid, field `data.ground`): a ground the contract does not allow
 *   (a contract issued without termination terms allows none);
 * - `termination.after-expiry` (conflict): the notice would take effect after the contract's end.
 */
export const giveTerminationNotice = (contract: OpenContract, data: DataOf<'GiveTerminationNotice'>, today: string): ContractEvent => {
  const active = requireRunning(contract);
  const { requested, supplyImpactReview, notice } = active.management.termination;
  if (notice) throw conflict('termination.notice-already-given', `Notice was given on ${notice.noticeGivenOn}`);
  if (!requested) throw conflict('termination.not-requested', 'No termination has been requested');
  if (!supplyImpactReview) {
    throw conflict('termination.supply-impact-review-required', 'Review the supply consequences of the termination before giving notice');
  }
  const check = refield(
    () =>
      checkTermination({
        ground: data.ground,
        noticeGivenOn: today,
        terms: active.terminationTerms ?? { grounds: [] },
        contract: { startDate: active.issued.startDate, endDate: active.management.endDate },
      }),
    (field) => (field === 'ground' ? 'data.ground' : undefined),
  );
  return {
    type: 'TerminationNoticeGiven',
    data: { ground: check.ground, notice: check.notice, noticeGivenOn: check.noticeGivenOn, effectiveDate: check.effectiveDate, reference: data.reference, then: data.then },
  };
};

/**
 * The workflow's timer on the effective date: the contract ends, its open placements with it; a recommission is
 * requested unless the notice said decommission. Refusals (conflict): `termination.no-notice`,
 * `termination.not-yet-effective`.
 */
export const terminateContract = (contract: OpenContract, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  const active = requireRunning(contract);
  const { notice } = active.management.termination;
  if (!notice) throw conflict('termination.no-notice', 'No notice of termination has been given');
  if (isBefore(today, notice.effectiveDate)) throw conflict('termination.not-yet-effective', `The notice takes effect on ${notice.effectiveDate}`);
  const placementsEnded = openPlacements(active.management).map((placement) => placement.placementId);
  const ending: ContractEvent = { type: 'ContractTerminated', data: { ground: notice.ground, effectiveDate: notice.effectiveDate, placementsEnded } };
  return endContract(active, ending, notice.then === 'recommission', today, policy);
};

/**
 * The decision the expiry reminder asks for, from its date on (it may be revised until the end): recommission,
 * decommission, or extend, which takes up an extension option at once. Refusals:
 * - `expiry.not-yet-open` (conflict) before the reminder's date;
 * - `expiry.extension-required` (invalid, field `data.extension`) to extend without an option;
 *   `expiry.extension-only-when-extending` (invalid, same field) with one for another decision;
 * - the extension's own (`extension.unknown-option`, … on `data.extension.*`);
 * - `contract.termination-notice-given` (conflict).
 */
export const decideOnExpiry = (contract: OpenContract, data: DataOf<'DecideOnExpiry'>, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  const active = requireRunning(contract);
  requireNoNotice(active);
  const opensOn = contractExpiryReminderDate(active, policy);
  if (isBefore(today, opensOn)) throw conflict('expiry.not-yet-open', `The decision on the expiry of ${active.management.endDate} is made from ${opensOn}`);
  if (data.decision === 'extend' && !data.extension) throw invalid('expiry.extension-required', 'Name the extension option to take up', 'data.extension');
  if (data.decision !== 'extend' && data.extension) {
    throw invalid('expiry.extension-only-when-extending', 'An extension option is taken up only by a decision to extend', 'data.extension');
  }
  const decided: ContractEvent = {
    type: 'ExpiryDecided',
    data: { decision: data.decision, endDate: active.management.endDate, decidedOn: today },
    ...(data.note === undefined ? {} : { reason: data.note }),
  };
  return data.extension ? [decided, exerciseExtension(active, data.extension, today, 'data.extension')] : [decided];
};

/**
 * The workflow's timer on the day after the contract's last day: it expires, its open placements with it, and a
 * recommission is requested when that was the decision. Refusals (conflict): `expiry.not-due`;
 * `contract.termination-notice-given`.
 */
export const expireContract = (contract: OpenContract, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  const active = requireRunning(contract);
  requireNoNotice(active);
  const { endDate, expiry } = active.management;
  if (!isBefore(endDate, today)) throw conflict('expiry.not-due', `The contract runs until the end of ${endDate}`);
  const placementsEnded = openPlacements(active.management).map((placement) => placement.placementId);
  const ending: ContractEvent = {
    type: 'ContractExpired',
    data: { endDate, expiredOn: today, ...(expiry.decision === undefined ? {} : { decision: expiry.decision }), placementsEnded },
  };
  return endContract(active, ending, expiry.decision === 'recommission', today, policy);
};

// ---- Placements --------------------------------------------------------------------------------------------------

/**
 * A placement against the contract, each with its own start, end and termination record. Refusals:
 * `placement.outside-term` (invalid, field `data.startDate`); `placement.end-before-start` (invalid, field
 * `data.plannedEndDate`); `placement.already-placed` (conflict, field `data.reference`) for a reference with an
 * open placement; `placement.contract-suspended`, `placement.referrals-suspended` (conflict) while the contract is
 * suspended or a punitive plan suspends referrals; `contract.termination-notice-given` (conflict).
 */
export const startPlacement = (contract: OpenContract, data: DataOf<'StartPlacement'>): ContractEvent => {
  const active = requireRunning(contract);
  requireNoNotice(active);
  const { management, issued } = active;
  if (management.suspendedOn) throw conflict('placement.contract-suspended', `The contract has been suspended since ${management.suspendedOn}`);
  const suspending = management.plans.find((plan) => plan.outcome === undefined && plan.remedies.includes('suspension-of-referrals'));
  if (suspending) throw conflict('placement.referrals-suspended', `The plan ${suspending.planId} suspends new referrals`);
  if (isBefore(data.startDate, issued.startDate) || isBefore(management.endDate, data.startDate)) {
    throw invalid('placement.outside-term', `The contract runs from ${issued.startDate} to ${management.endDate}`, 'data.startDate');
  }
  if (data.plannedEndDate !== undefined && isBefore(data.plannedEndDate, data.startDate)) {
    throw invalid('placement.end-before-start', `The placement starts on ${data.startDate}`, 'data.plannedEndDate');
  }
  if (openPlacements(management).some((placement) => placement.reference === data.reference)) {
    throw conflict('placement.already-placed', `${data.reference} already has an open placement`, 'data.reference');
  }
  const placementId = `placement-${Object.keys(management.placements).length + 1}`;
  return { type: 'PlacementStarted', data: { placementId, ...data } };
};

/**
 * The end of a placement with its termination record (seed 002's proforma, for Finance and the contract manager).
 * Refusals: `placement.unknown` (invalid, field `data.placementId`); `placement.already-ended` (conflict);
 * `placement.end-before-start` (invalid, field `data.endDate`).
 */
export const endPlacement = (contract: OpenContract, data: DataOf<'EndPlacement'>): ContractEvent => {
  const { management } = requireRunning(contract);
  const placement = management.placements[data.placementId];
  if (!placement) throw invalid('placement.unknown', `The contract has no placement ${data.placementId}`, 'data.placementId');
  if (placement.endedOn) throw conflict('placement.already-ended', `The placement ended on ${placement.endedOn}`, 'data.placementId');
  if (isBefore(data.endDate, placement.startDate)) throw invalid('placement.end-before-start', `The placement started on ${placement.startDate}`, 'data.endDate');
  return { type: 'PlacementEnded', data };
};
