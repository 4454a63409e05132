import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import type { CommandContext } from '../shared/envelope.schema';
import { conflict, invalid } from '../shared/errors';
import type { TenderDetails } from '../tender/tender.commands';
import { decideTender } from '../tender/tender.decider';
import { tenderIdFor } from '../tender/tender.protocol';
import { initialTenderState } from '../tender/tender.state';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';

/**
 * Starts the contract's tender: the procedure is the route's, the criteria the agreed specification's, frozen from
 * now on. The publication is decided here by the tender's own rules (minimum periods, deadlines, criteria), so a
 * tender that could not be published is refused before anything is recorded; the tender's workflow then publishes
 * exactly this. Refusals: `tender.not-in-procurement`, `tender.already-running`, `tender.procedure-not-the-routes`
 * (conflict), `tender.criteria-required` (invalid), and the publication's own.
 */
export const startTender = (
  contract: OpenContract,
  details: TenderDetails,
  context: CommandContext,
  policy: ProcurementPolicy,
): ContractEvent => {
  if (contract.stage !== 'procurement' || contract.route?.route !== 'tender') {
    throw conflict('tender.not-in-procurement', `A tender starts once a tender route's specification is agreed: the contract is at stage ${contract.stage}`);
  }
  if (contract.tender?.status === 'running') {
    throw conflict('tender.already-running', `Tender ${contract.tender.tenderId} is still running`);
  }
  if (details.procedure !== contract.route.procedure) {
    throw conflict('tender.procedure-not-the-routes', `The route decided a ${contract.route.procedure ?? 'different'} procedure`, 'data.procedure');
  }
  const criteria = contract.specification?.criteria;
  if (!criteria) throw invalid('tender.criteria-required', 'The agreed specification has no evaluation criteria to publish', 'data');
  const tenderId = tenderIdFor(contract.contractId, (contract.tender?.sequence ?? 0) + 1);
  const publication: Extract<ContractCommand, { type: 'StartTender' }>['data'] & { tenderId: string; contractId: string; criteria: typeof criteria; covered: boolean } = {
    ...details,
    tenderId,
    contractId: contract.contractId,
    criteria,
    covered: contract.route.regime === 'regulated',
  };
  decideTender({ type: 'PublishTender', data: publication }, initialTenderState(), context, policy);
  return { type: 'TenderStarted', data: { tenderId, publication, startedAt: context.now } };
};

type TenderOutcomeData = Extract<ContractCommand, { type: 'RecordTenderOutcome' }>['data'];

/**
 * Records how the contract's running tender ended, as the tender's workflow reports it (role `system`): an award
 * once standstill has ended, or a cancellation, after which another tender may be started.
 */
export const recordTenderOutcome = (contract: OpenContract, outcome: TenderOutcomeData): ContractEvent => {
  if (contract.tender?.tenderId !== outcome.tenderId || contract.tender.status !== 'running') {
    throw conflict('tender.not-running', `Tender ${outcome.tenderId} is not this contract's running tender`);
  }
  if (outcome.outcome === 'cancelled') {
    return { type: 'TenderEnded', data: { tenderId: outcome.tenderId, outcome: 'cancelled' }, ...(outcome.reason ? { reason: outcome.reason } : {}) };
  }
  if (contract.award) throw conflict('award.already-made', `The contract has already been awarded to ${contract.award.supplier.name}`);
  return {
    type: 'ContractAwarded',
    data: {
      basis: 'tender',
      tenderId: outcome.tenderId,
      supplier: outcome.supplier,
      valuePence: outcome.pricePence,
      awardedAt: outcome.standstillEndedAt,
      standstillEndedAt: outcome.standstillEndedAt,
    },
  };
};
