import {
  calendarDaysBetween,
  commissionProgress,
  contractReturnsSchedule,
  contractReviewSchedule,
  contractDecider,
  contractVisibleTo,
  DomainError,
  londonDateOf,
  type Actor,
  type CommissionProgress,
  type CommandRequest,
  type CommandResult,
  ContractCommand,
  type ContractCommandType,
  type ContractView,
  type MonitoringPolicy,
  rateRisk,
  requireActive,
  riskEvidenceOf,
  type RiskAssessment,
  type RiskRating,
  type TenderState,
} from '@cls/domain';
import { answerOf, type ContractAnswer } from './command-answer';
import { ContractClient, TenderClient } from '@cls/temporal';
import { Inject, Injectable } from '@nestjs/common';
import type { CommandIds } from '../idempotency/command-ids';

export interface CommandMeta extends CommandIds {
  actor: Actor;
  correlationId: string;
  reason?: string;
}

/** A command's data as the API takes it: the person's reason rides along in the body. */
export type CommandBody<T extends ContractCommandType> = Extract<ContractCommand, { type: T }>['data'] & { reason?: string };

/**
 * Splits the reason (metadata of the events) from the command's data. The body was validated at the edge; the
 * parse here only gives the pair its union type without a cast, and drops the reason from data that has none. A
 * command whose data has its own `reason` (a termination request's why, a placement's way of ending) keeps it
 * there: its decider says what of it the events record.
 */
export const commandFromBody = <T extends ContractCommandType>(
  type: T,
  body: CommandBody<T>,
): { command: ContractCommand; reason?: string } => {
  const command = ContractCommand.parse({ type, data: body });
  const { reason } = body;
  return { command, ...(reason === undefined || 'reason' in command.data ? {} : { reason }) };
};

/** Where a commission is and what happens next, as of the instant the answer was computed. */
export interface ContractProgress extends CommissionProgress {
  contractId: string;
  /** The contract's stream version the answer was computed from. */
  version: number;
  asOf: string;
}

/** The deployment's monitoring policy, with its defaults. */
export const MONITORING_POLICY = Symbol('MonitoringPolicy');

export type ReturnStatus = 'upcoming' | 'due' | 'overdue' | 'submitted';
export type ReviewStatus = 'scheduled' | 'due' | 'missed' | 'held';

/**
 * What a contract manager asks of an active contract: each return and review with where it stands today, and the
 * risk rating as recorded (its last change) beside the rating the evidence gives today, with its reasons.
 */
export interface ContractMonitoring {
  contractId: string;
  version: number;
  asOf: string;
  returns: {
    periodId: string;
    startDate: string;
    endDate: string;
    /** The first day the return can be submitted: the day after its period ends. */
    submittableFrom: string;
    dueDate: string;
    status: ReturnStatus;
    submittedOn?: string;
    late?: boolean;
  }[];
  /** `dueFrom`: the day the review is announced, from which it can be held. */
  reviews: { reviewId: string; kind: string; date: string; dueFrom: string; status: ReviewStatus; heldOn?: string }[];
  risk: { rating: RiskRating; since: string; assessment: RiskAssessment };
}

/**
 * The instant a read of the contract is judged at when the caller names none: the workflow's clock. That clock is
 * Temporal's and stands at the workflow's latest task; a contract's workflow sleeps between its deadlines, so it may
 * stand days back while Temporal's time runs on with the wall clock, and a time-skipping server runs it ahead of the
 * wall clock. The later of the two is Temporal's time as nearly as a reader can know it.
 */
export const workflowTimeOf = (clock: string | undefined, wallClock: Date = new Date()): string =>
  clock !== undefined && Date.parse(clock) > wallClock.getTime() ? new Date(clock).toISOString() : wallClock.toISOString();

/** True when `day` is on or after `from` (ISO calendar days). */
const reached = (day: string, from: string): boolean => calendarDaysBetween(from, day) >= 0;

@Injectable()
export class ContractsService {
  constructor(
    private readonly contracts: ContractClient,
    private readonly tenders: TenderClient,
    @Inject(MONITORING_POLICY) private readonly monitoringPolicy: MonitoringPolicy,
  ) {}

  /**
   * Opening starts a workflow, so the rules are checked here first as well: a refused command must not leave
   * a workflow behind. The workflow's validator checks them again against its own state.
   */
  async open(body: CommandBody<'OpenCommission'>, meta: CommandMeta): Promise<CommandResult> {
    const { command, reason } = commandFromBody('OpenCommission', body);
    const request = this.request(command, { ...meta, ...(reason === undefined ? {} : { reason }) });
    contractDecider.decide(command, contractDecider.initialState(), { ...request.context, now: new Date().toISOString() });
    if (body.predecessorContractId !== undefined) await this.requireVisiblePredecessor(body.predecessorContractId, meta.actor);
    return this.contracts.open(body.contractId, request, request.context.commandId);
  }

  /**
   * A commission may follow only a contract its commissioner can see: one of another organisation is answered as
   * one that does not exist, so the answer says nothing of another council's contracts.
   */
  private async requireVisiblePredecessor(predecessorContractId: string, actor: Actor): Promise<void> {
    try {
      await this.view(predecessorContractId, actor);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') {
        throw new DomainError('not-found', 'contract.not-found', 'No such predecessor contract', 'predecessorContractId');
      }
      throw error;
    }
  }

  /** The command's answer over HTTP (see CommandAnswer). */
  async answer<T extends ContractCommandType>(contractId: string, type: T, body: CommandBody<T>, meta: CommandMeta): Promise<ContractAnswer> {
    return answerOf(await this.execute(contractId, type, body, meta));
  }

  execute<T extends ContractCommandType>(contractId: string, type: T, body: CommandBody<T>, meta: CommandMeta): Promise<CommandResult> {
    const { command, reason } = commandFromBody(type, body);
    const request = this.request(command, { ...meta, ...(reason === undefined ? {} : { reason }) });
    return this.contracts.execute(contractId, request, request.context.commandId);
  }

  /** A contract the actor may not read answers exactly as a missing one does (`contractVisibleTo`). */
  async view(contractId: string, actor: Actor): Promise<ContractView> {
    const view = await this.contracts.view(contractId);
    contractVisibleTo(actor, view.state);
    return view;
  }

  /**
   * Reads the contract and, when it has one, its current tender, and answers where the commission is and what
   * happens next. A tender its workflow has not yet published reads as none: the answer is then to wait.
   */
  async progress(contractId: string, actor: Actor): Promise<ContractProgress> {
    const view = await this.contracts.view(contractId);
    const contract = contractVisibleTo(actor, view.state);
    const tender = contract.tender ? await this.tenderState(contract.tender.tenderId) : undefined;
    const asOf = new Date().toISOString();
    return { contractId, version: view.version, asOf, ...commissionProgress(contract, tender, asOf) };
  }

  /**
   * The contract's schedules under the deployment's monitoring policy, which each new contract's workflow is
   * given, as of `now` when given, else the workflow's clock (`workflowTimeOf`). Refusal: `contract.not-active`
   * (conflict) before the contract goes live.
   */
  async monitoring(contractId: string, actor: Actor, now?: string): Promise<ContractMonitoring> {
    const view = await this.contracts.view(contractId);
    const contract = requireActive(contractVisibleTo(actor, view.state));
    const policy = this.monitoringPolicy;
    const asOf = now === undefined ? workflowTimeOf(view.clock) : new Date(now).toISOString();
    // Returns and reviews fall due by the day in England, which turns at midnight London time.
    const today = londonDateOf(asOf);
    const { management } = contract;
    const returns = contractReturnsSchedule(contract, policy).map(({ periodId, startDate, endDate, dueDate, submittableFrom, overdueOn }) => {
      const record = management.returns[periodId];
      const status: ReturnStatus = record?.submittedOn
        ? 'submitted'
        : reached(today, overdueOn)
          ? 'overdue'
          : reached(today, submittableFrom)
            ? 'due'
            : 'upcoming';
      return {
        periodId,
        startDate,
        endDate,
        submittableFrom,
        dueDate,
        status,
        ...(record?.submittedOn === undefined ? {} : { submittedOn: record.submittedOn }),
        ...(record?.late === undefined ? {} : { late: record.late }),
      };
    });
    const reviews = contractReviewSchedule(contract, policy).map(({ reviewId, kind, date, reminderDate }) => {
      const record = management.reviews[reviewId];
      const status: ReviewStatus = record?.heldOn ? 'held' : record?.missedOn ? 'missed' : reached(today, reminderDate) ? 'due' : 'scheduled';
      return { reviewId, kind, date, dueFrom: reminderDate, status, ...(record?.heldOn === undefined ? {} : { heldOn: record.heldOn }) };
    });
    const { rating, since } = management.risk;
    const assessment = rateRisk(riskEvidenceOf(contract, policy), today, policy);
    return { contractId, version: view.version, asOf, returns, reviews, risk: { rating, since, assessment } };
  }

  private async tenderState(tenderId: string): Promise<TenderState | undefined> {
    try {
      return (await this.tenders.view(tenderId)).state;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  private request(command: ContractCommand, meta: CommandMeta): CommandRequest {
    return {
      command,
      context: { commandId: meta.commandId, correlationId: meta.correlationId, actor: meta.actor },
      ...(meta.reason ? { reason: meta.reason } : {}),
    };
  }
}
