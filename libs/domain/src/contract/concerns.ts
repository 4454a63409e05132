import { isBefore } from '../monitoring/calendar';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { conflict, invalid } from '../shared/errors';
import { requireActive, requireRunning } from './active-contract';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';
import { withConsequences } from './risk';

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

/**
 * Logs a concern or complaint, whatever its source and however it is handled, information-only and referred-on
 * ones included (seed 002), then rates the contract again. Refusals (invalid): `concern.unknown-category` (field
 * `data.category`) for a category the policy has not agreed; `concern.referral-needs-recipient` (field
 * `data.referredTo`); `concern.received-in-future` (field `data.receivedOn`); `placement.unknown` (field
 * `data.placementId`).
 */
export const logConcern = (contract: OpenContract, data: DataOf<'LogConcern'>, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  const active = requireRunning(contract);
  const categories = policy.concerns.categories;
  if (!categories.includes(data.category)) {
    throw invalid('concern.unknown-category', `${data.category} is not one of the agreed categories: ${categories.join(', ')}`, 'data.category');
  }
  if (data.handling === 'referred' && data.referredTo === undefined) {
    throw invalid('concern.referral-needs-recipient', 'A referred concern names who it was referred to', 'data.referredTo');
  }
  if (data.handling !== 'referred' && data.referredTo !== undefined) {
    throw invalid('concern.referral-needs-recipient', 'Only a referred concern names who it was referred to', 'data.referredTo');
  }
  if (isBefore(today, data.receivedOn)) throw invalid('concern.received-in-future', `${data.receivedOn} is after today`, 'data.receivedOn');
  if (data.placementId !== undefined && !active.management.placements[data.placementId]) {
    throw invalid('placement.unknown', `The contract has no placement ${data.placementId}`, 'data.placementId');
  }
  const concernId = `concern-${Object.keys(active.management.concerns).length + 1}`;
  return withConsequences(active, [{ type: 'ConcernLogged', data: { concernId, ...data, loggedOn: today } }], today, policy);
};

/**
 * How the investigation of a concern stands, and how it was resolved; a finding of not upheld takes it out of the
 * risk rating. Refusals: `concern.unknown` (invalid, field `data.concernId`); `concern.already-resolved`
 * (conflict); `concern.resolution-required` (invalid, field `data.resolution`) to resolve without saying how;
 * `concern.finding-required` (invalid, field `data.finding`) to resolve a concern investigated here without a
 * finding.
 */
export const updateConcern = (contract: OpenContract, data: DataOf<'UpdateConcern'>, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  const active = requireActive(contract);
  const concern = active.management.concerns[data.concernId];
  if (!concern) throw invalid('concern.unknown', `The contract has no concern ${data.concernId}`, 'data.concernId');
  if (concern.status === 'resolved') throw conflict('concern.already-resolved', `The concern ${data.concernId} is resolved`, 'data.concernId');
  if (data.status === 'resolved') {
    if (data.resolution === undefined) throw invalid('concern.resolution-required', 'Say how the concern was resolved', 'data.resolution');
    if (concern.handling === 'investigate' && data.finding === undefined && concern.finding === undefined) {
      throw invalid('concern.finding-required', 'An investigated concern is resolved with its finding', 'data.finding');
    }
  }
  const { concernId, status, finding, resolution, note } = data;
  const updated: ContractEvent = {
    type: 'ConcernUpdated',
    data: { concernId, status, ...(finding === undefined ? {} : { finding }), ...(resolution === undefined ? {} : { resolution }), updatedOn: today },
    ...(note === undefined ? {} : { reason: note }),
  };
  return withConsequences(active, [updated], today, policy);
};

/**
 * An inspectorate's published judgement; the latest of each inspectorate counts in the risk rating. Refusal:
 * `inspection.published-in-future` (invalid, field `data.publishedOn`).
 */
export const recordInspectionOutcome = (
  contract: OpenContract,
  data: DataOf<'RecordInspectionOutcome'>,
  today: string,
  policy: MonitoringPolicy,
): ContractEvent[] => {
  const active = requireRunning(contract);
  if (isBefore(today, data.publishedOn)) throw invalid('inspection.published-in-future', `${data.publishedOn} is after today`, 'data.publishedOn');
  const inspectionId = `inspection-${active.management.inspections.length + 1}`;
  return withConsequences(active, [{ type: 'InspectionOutcomeRecorded', data: { inspectionId, ...data } }], today, policy);
};
