import { authorisingBodies, commandPermissions, signingRoles } from '../access/permissions';
import { systemActor, type Actor, type CommandContext } from '../shared/envelope.schema';
import type { ContractCommand } from './contract.commands';
import { contractDecider } from './contract.decider';
import type { ContractEvent } from './contract.events';
import { refusal } from '../testing';

const commissioner: Actor = { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' };
const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
const ctx = (actor: Actor = commissioner): CommandContext => ({
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  actor,
  now: '2026-11-22T10:00:00.000Z',
});

const given = (events: ContractEvent[]) => events.reduce(contractDecider.evolve, contractDecider.initialState());
const when = (events: ContractEvent[], command: ContractCommand, actor?: Actor) =>
  contractDecider.decide(command, given(events), ctx(actor));

const open: ContractCommand = { type: 'OpenCommission', data: { contractId, title: 'Short breaks for disabled children' } };
const opened: ContractEvent = {
  type: 'CommissionOpened',
  data: { contractId, title: 'Short breaks for disabled children', organisation: 'gloucestershire-cc', openedBy: commissioner },
};
const assessment = {
  need: 'Families of disabled children lack overnight respite',
  clientGroup: 'Disabled children aged 0-18 and their families',
  evidence: [{ kind: 'needs-assessment-data' as const, description: 'JSNA 2026 chapter 4' }],
  unmetNeeds: ['No overnight provision in the Forest of Dean'],
  priority: 1,
  outcomes: [
    {
      level: 'individual' as const,
      description: 'Carers are able to sustain their caring role',
      indicator: 'Carer strain index',
      baseline: '62% report high strain',
      target: 'Below 45% by March 2028',
    },
  ],
  serviceUserInvolvement: 'Parent carer forum co-designed the outcomes',
};

describe('contract decider: opening a commission', () => {
  it('given nothing, when a commissioner opens a commission, then CommissionOpened names their organisation', () => {
    expect(when([], open)).toEqual([opened]);
  });

  it('given an open commission, when it is opened again, then it is refused as a conflict', () => {
    const error = refusal(() => when([opened], open));
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'contract.already-exists' });
  });

  it('given nothing, when a provider tries to open a commission, then the role is refused', () => {
    const provider: Actor = { id: 'p-1', role: 'provider', organisation: 'acme-care' };
    expect(refusal(() => when([], open, provider)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'access.role-not-permitted',
    });
  });
});

describe('contract decider: needs assessment', () => {
  const record: ContractCommand = { type: 'RecordNeedsAssessment', data: assessment };

  it('given an open commission, when the assessment is recorded, then revision 1 is recorded', () => {
    expect(when([opened], record)).toEqual([{ type: 'NeedsAssessmentRecorded', data: { ...assessment, revision: 1 } }]);
  });

  it('given a recorded assessment, when it is recorded again, then the revision increases and the stage is the route decision', () => {
    const first: ContractEvent = { type: 'NeedsAssessmentRecorded', data: { ...assessment, revision: 1 } };
    expect(when([opened, first], record)).toEqual([{ type: 'NeedsAssessmentRecorded', data: { ...assessment, revision: 2 } }]);
    expect(given([opened, first])).toMatchObject({ status: 'open', stage: 'route-decision' });
  });

  it('given nothing, when an assessment is recorded, then the contract is not found', () => {
    expect(refusal(() => when([], record)).toJSON()).toMatchObject({ kind: 'not-found', code: 'contract.not-found' });
  });

  it('given a commission of another organisation, when its assessment is recorded, then it answers as a missing contract would', () => {
    const outsider: Actor = { id: 'u-9', role: 'commissioner', organisation: 'wiltshire-council' };
    expect(refusal(() => when([opened], record, outsider)).toJSON()).toMatchObject({
      kind: 'not-found',
      code: 'contract.not-found',
    });
  });
});

describe('access: the permissions table', () => {
  it('names who may give each command: the route is the commissioner’s, the specification also the contract manager’s', () => {
    expect(commandPermissions).toEqual({
      OpenCommission: ['commissioner', 'system'],
      RecordNeedsAssessment: ['commissioner'],
      DecideRoute: ['commissioner'],
      AgreeSpecification: ['commissioner', 'contract-manager'],
      AwardDirectly: ['commissioner'],
      IssueContract: ['commissioner', 'contract-manager'],
      AuthoriseContract: ['budget-holder', 'commissioner'],
      SignContract: ['commissioner', 'provider'],
      RecordMasterCopy: ['commissioner', 'contract-manager'],
      StartMobilisation: ['contract-manager'],
      ActivateContract: ['contract-manager'],
      IssueReminder: ['system'],
      StartTender: ['commissioner'],
      RecordTenderOutcome: ['system'],
      SubmitReturn: ['provider'],
      CommentOnAssessment: ['provider'],
      RecordMonitoringReport: ['contract-manager', 'lead-professional'],
      HoldReview: ['contract-manager', 'lead-professional'],
      RecordReturnOverdue: ['system'],
      RaiseEscalation: ['system'],
      LogConcern: ['commissioner', 'contract-manager', 'lead-professional', 'budget-holder', 'finance'],
      UpdateConcern: ['commissioner', 'contract-manager', 'lead-professional', 'budget-holder', 'finance'],
      RecordInspectionOutcome: ['commissioner', 'contract-manager'],
      OpenCorrectivePlan: ['contract-manager', 'system'],
      RecordPlanOutcome: ['system'],
      VaryContract: ['commissioner', 'contract-manager'],
      ExerciseExtension: ['commissioner', 'contract-manager'],
      SuspendContract: ['commissioner', 'contract-manager'],
      ResumeContract: ['commissioner', 'contract-manager'],
      RequestTermination: ['lead-professional', 'contract-manager', 'commissioner'],
      RecordSupplyImpactReview: ['contract-manager'],
      GiveTerminationNotice: ['contract-manager'],
      TerminateContract: ['system'],
      DecideOnExpiry: ['commissioner', 'contract-manager'],
      ExpireContract: ['system'],
      StartPlacement: ['lead-professional', 'contract-manager'],
      EndPlacement: ['lead-professional', 'contract-manager'],
      RecordSuccessor: ['system'],
      ApproveNotice: ['commissioner', 'contract-manager'],
      RecordNoticePublication: ['system'],
      PrepareTransparencyNotice: ['commissioner'],
      RecordInvoice: ['finance'],
      PayInvoice: ['finance'],
      RecordPaymentOverdue: ['system'],
    });
  });

  it('given nothing, when the system opens a commission that follows no contract, then it is refused: the workflow opens only recommissions', () => {
    expect(refusal(() => when([], open, systemActor('gloucestershire-cc'))).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'commission.system-opens-only-recommissions',
    });
  });

  it('names who signs for which party, and for whom a role may give authority to purchase', () => {
    expect(signingRoles).toEqual({ authority: ['commissioner'], provider: ['provider'] });
    expect(authorisingBodies).toEqual({
      'budget-holder': ['budget-holder', 'resource-allocation-group'],
      commissioner: ['officer', 'budget-holder', 'resource-allocation-group'],
    });
  });
});
