import { Controller, Get, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { unlessRefused } from '../backend/backend.client';
import type { ContractScorecard, DueItem, EventPage, KeysetPage, RegisterPage } from '../backend/read-models';
import { mayOpen } from '../web/access';
import { ForPage } from '../web/page.guard';
import { Sessions } from '../web/sessions.service';
import { actionFor } from './due-item-actions';

@Controller('work-queue')
export class WorkQueueController {
  constructor(private readonly sessions: Sessions) {}

  /** What is overdue and due next, the escalations raised, and the contracts at red or amber, each linking to its action. */
  @Get()
  @ForPage('work-queue')
  @Render('work-queue')
  async show(@Req() request: Request): Promise<object> {
    const user = this.sessions.user(request);
    const backend = await this.sessions.backend(request);
    const [overdue, dueSoon, red, amber, register, escalations] = await Promise.all([
      backend.get<KeysetPage<DueItem>>('reporting', '/due-items', { window: 'overdue', limit: '100' }),
      backend.get<KeysetPage<DueItem>>('reporting', '/due-items', { window: 'next-30-days', limit: '100' }),
      backend.get<KeysetPage<ContractScorecard>>('reporting', '/scorecards', { riskRating: 'red', limit: '100' }),
      backend.get<KeysetPage<ContractScorecard>>('reporting', '/scorecards', { riskRating: 'amber', limit: '100' }),
      backend.get<RegisterPage>('reporting', '/register', { limit: '100' }),
      mayOpen('governance', user.role) ? unlessRefused(backend.get<EventPage>('api', '/audit/views/escalations', { limit: '20', order: 'desc' })) : undefined,
    ]);
    const titles = new Map(register.items.map((entry) => [entry.contractId, entry.title]));
    const withAction = (item: DueItem) => ({ ...item, title: titles.get(item.contractId) ?? item.contractId, action: actionFor(item, user.role) });
    return {
      pageTitle: 'Work queue',
      overdue: overdue.items.map(withAction),
      dueSoon: dueSoon.items.filter((item) => !item.overdue).map(withAction),
      atRisk: [...red.items, ...amber.items],
      escalations: escalations?.events.map((event) => ({ ...event, title: titles.get(event.streamId.replace(/^contract-/, '')) })),
    };
  }
}
