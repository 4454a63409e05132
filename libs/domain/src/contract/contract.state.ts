import type { Actor } from '../shared/envelope.schema';
import { assertNever } from '../shared/decider';
import type { ContractEvent, NeedsAssessment, RouteDecidedData, ServiceSpecification } from './contract.events';

/**
 * Where a contract stands in the commissioning cycle: analyse → plan → do → review.
 * - needs-assessment: opened, the need not yet recorded;
 * - route-decision: the need recorded (and still revisable), the route not yet decided;
 * - specification: the route decided, the specification not yet agreed;
 * - procurement: the specification agreed for a tender route, the tender to run;
 * - contract-issue: the specification agreed for a direct award or a grant, which go straight to issuing the contract.
 */
export type Stage = 'needs-assessment' | 'route-decision' | 'specification' | 'procurement' | 'contract-issue';

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
  route?: RouteDecidedData;
  specification?: ServiceSpecification & { revision: number };
  /**
   * The specification and its evaluation criteria may be revised until the tender is published. Nothing freezes it
   * yet: TenderPublished (the tender, issue 3 item 4) will set this to true, after which AgreeSpecification is refused.
   */
  specificationFrozen: boolean;
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
        specificationFrozen: false,
      };
    }
    case 'NeedsAssessmentRecorded':
      return { ...requireOpen(state, event), needsAssessment: event.data, stage: 'route-decision' };
    case 'RouteDecided':
      return { ...requireOpen(state, event), route: event.data, stage: 'specification' };
    case 'SpecificationAgreed': {
      const contract = requireOpen(state, event);
      if (!contract.route) throw new Error('SpecificationAgreed cannot apply before RouteDecided');
      // A tender goes on to procurement; a direct award or a grant has no competition and goes to contract issue.
      return { ...contract, specification: event.data, stage: contract.route.route === 'tender' ? 'procurement' : 'contract-issue' };
    }
    default:
      return assertNever(event);
  }
};
