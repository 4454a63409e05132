import {
  conflict,
  decideTender,
  DomainError,
  tenderFinished,
  tenderVisibleTo,
  type Actor,
  type ProcurementPolicy,
  type TenderCommand,
  type TenderCommandResult,
  type TenderRequest,
  type TenderView,
} from '@cls/domain';
import { ProblemException } from '@cls/http';
import { TenderClient } from '@cls/temporal';
import { Inject, Injectable } from '@nestjs/common';
import { answerOf, type TenderAnswer } from '../contracts/command-answer';
import type { CommandMeta } from '../contracts/contracts.service';

/** The deployment's procurement policy, parsed: what the rules say to a command sent to a tender that has ended. */
export const TENDER_POLICY = Symbol('TenderPolicy');

@Injectable()
export class TendersService {
  constructor(
    private readonly tenders: TenderClient,
    @Inject(TENDER_POLICY) private readonly policy: ProcurementPolicy,
  ) {}

  /** Sends a command to the tender's workflow; the reason in the body becomes the events' reason. */
  async execute(tenderId: string, command: TenderCommand, meta: CommandMeta, reason?: string): Promise<TenderCommandResult> {
    const request: TenderRequest = {
      command,
      context: { commandId: meta.commandId, correlationId: meta.correlationId, actor: meta.actor },
      ...(reason ? { reason } : {}),
    };
    return this.tenders.execute(tenderId, request, request.context.commandId).catch((error: unknown) => this.refusalOfEnded(tenderId, request, error));
  }

  /** The command's answer over HTTP (see CommandAnswer): no event data, so nothing of other bidders. */
  async answer(tenderId: string, command: TenderCommand, meta: CommandMeta, reason?: string): Promise<TenderAnswer> {
    return answerOf(await this.execute(tenderId, command, meta, reason));
  }

  /**
   * An awarded or cancelled tender's workflow has ended, and Temporal answers a command to it as to no workflow at
   * all. The caller is told what the rules say to the command in the tender's final state (a second award, a bid
   * after the award), and someone the tender is hidden from still hears that it does not exist.
   */
  private async refusalOfEnded(tenderId: string, request: TenderRequest, error: unknown): Promise<never> {
    if (!(error instanceof DomainError) || error.code !== 'tender.not-found') throw error;
    const ended = await this.tenders.view(tenderId).catch(() => undefined);
    if (!ended || !tenderFinished(ended.state) || ended.state.status !== 'open') throw error;
    decideTender(request.command, ended.state, { ...request.context, now: new Date().toISOString() }, this.policy);
    throw conflict('tender.ended', `The tender has been ${ended.state.phase} and takes no more commands`);
  }

  /**
   * A bid after the closing time is kept as evidence (LateBidRecorded) and never evaluated; the bidder is told the
   * tender had closed, with the id of the record made of its bid.
   */
  async submitBid(tenderId: string, command: Extract<TenderCommand, { type: 'SubmitBid' }>, meta: CommandMeta, reason?: string) {
    const result = await this.execute(tenderId, command, meta, reason);
    const late = result.events.find((event) => event.type === 'LateBidRecorded');
    if (late) {
      throw new ProblemException(
        409,
        'tender.closed',
        `The tender had closed: the bid was recorded as late (event ${late.eventId}) and will not be evaluated`,
      );
    }
    return result;
  }

  async view(tenderId: string, actor: Actor): Promise<TenderView> {
    const view = await this.tenders.view(tenderId);
    return { ...view, state: tenderVisibleTo(actor, view.state) };
  }
}
