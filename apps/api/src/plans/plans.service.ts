import { planVisibleTo, type Actor, type PlanCommand, type PlanRequest, type PlanView } from '@cls/domain';
import { PlanClient } from '@cls/temporal';
import { Injectable } from '@nestjs/common';
import { answerOf, type PlanAnswer } from '../contracts/command-answer';
import type { CommandMeta } from '../contracts/contracts.service';

@Injectable()
export class PlansService {
  constructor(private readonly plans: PlanClient) {}

  /** Sends a command to the plan's workflow, whose validator decides it (roles, tenancy, rules) before anything is stored. */
  async execute(planId: string, command: PlanCommand, meta: CommandMeta, reason?: string): Promise<PlanAnswer> {
    const request: PlanRequest = {
      command,
      context: { commandId: meta.commandId, correlationId: meta.correlationId, actor: meta.actor },
      ...(reason ? { reason } : {}),
    };
    return answerOf(await this.plans.execute(planId, request, request.context.commandId));
  }

  async view(planId: string, actor: Actor): Promise<PlanView> {
    const view = await this.plans.view(planId);
    return { ...view, state: planVisibleTo(actor, view.state) };
  }
}
