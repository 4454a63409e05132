import type { Actor } from '../shared/envelope.schema';
import { assertNever } from '../shared/decider';
import type { ContractEvent, NeedsAssessment } from './contract.events';

/** Where a contract stands in the commissioning cycle: analyse → plan → do → review. */
export type Stage = 'needs-assessment' | 'route-decision';

export interface NoContract {
  status: 'none';
}

export interface OpenContract {
  status: 'open';
  contractId: string;
  title: string;
  description?: string;
  organisation: string;
  openedBy: Actor;
  stage: Stage;
  needsAssessment?: NeedsAssessment & { revision: number };
}

export type ContractState = NoContract | OpenContract;

export const initialContractState = (): ContractState => ({ status: 'none' });

const requireOpen = (state: ContractState, event: ContractEvent): OpenContract => {
  if (state.status !== 'open') throw new Error(`${event.type} cannot apply to a contract that was never opened`);
  return state;
};

export const evolveContract = (state: ContractState, event: ContractEvent): ContractState => {
  switch (event.type) {
    case 'CommissionOpened': {
      const { contractId, title, description, organisation, openedBy } = event.data;
      return {
        status: 'open',
        contractId,
        title,
        ...(description === undefined ? {} : { description }),
        organisation,
        openedBy,
        stage: 'needs-assessment',
      };
    }
    case 'NeedsAssessmentRecorded':
      return { ...requireOpen(state, event), needsAssessment: event.data, stage: 'route-decision' };
    default:
      return assertNever(event);
  }
};
