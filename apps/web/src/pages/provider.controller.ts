import { Controller, Get, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { DueItem, KeysetPage, RegisterPage } from '../backend/read-models';
import { ForPage } from '../web/page.guard';
import { Sessions } from '../web/sessions.service';
import { actionFor } from './due-item-actions';

@Controller('provider')
export class ProviderController {
  constructor(private readonly sessions: Sessions) {}

  /** A provider's own contracts (the services show it no other) and the returns and milestones it owes. */
  @Get()
  @ForPage('provider-portal')
  @Render('provider')
  async show(@Req() request: Request): Promise<object> {
    const user = this.sessions.user(request);
    const backend = await this.sessions.backend(request);
    const [register, overdue, dueSoon] = await Promise.all([
      backend.get<RegisterPage>('reporting', '/register', { limit: '100' }),
      backend.get<KeysetPage<DueItem>>('reporting', '/due-items', { window: 'overdue', limit: '100' }),
      backend.get<KeysetPage<DueItem>>('reporting', '/due-items', { window: 'next-30-days', limit: '100' }),
    ]);
    const titles = new Map(register.items.map((entry) => [entry.contractId, entry.title]));
    const withAction = (item: DueItem) => ({ ...item, title: titles.get(item.contractId) ?? item.contractId, action: actionFor(item, user.role) });
    return {
      pageTitle: 'Your contracts',
      entries: register.items,
      overdue: overdue.items.map(withAction),
      dueSoon: dueSoon.items.filter((item) => !item.overdue).map(withAction),
    };
  }
}
