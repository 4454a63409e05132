import { tenderVisibleTo, type Actor, type TenderCommand, type TenderCommandResult, type TenderRequest, type TenderView } from '@cls/domain';
import { ProblemException } from '@cls/http';
import { TenderClient } from '@cls/temporal';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CommandMeta } from '../contracts/contracts.service';

@Injectable()
export class TendersService {
  constructor(private readonly tenders: TenderClient) {}

  /** Sends a command to the tender's workflow; the reason in the body becomes the events' reason. */
  async execute(tenderId: string, command: TenderCommand, meta: CommandMeta, reason?: string): Promise<TenderCommandResult> {
    const request: TenderRequest = {
      command,
      context: { commandId: meta.idempotencyKey ?? randomUUID(), correlationId: meta.correlationId, actor: meta.actor },
      ...(reason ? { reason } : {}),
    };
    const result = await this.tenders.execute(tenderId, request, request.context.commandId);
    return { ...result, state: tenderVisibleTo(meta.actor, result.state) };
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
