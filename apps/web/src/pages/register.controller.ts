import { Controller, Get, Query, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { ContractScorecard, KeysetPage, RegisterPage } from '../backend/read-models';
import { ForPage } from '../web/page.guard';
import { Sessions } from '../web/sessions.service';

const pageSize = 20;
const stages = ['needs-assessment', 'route-decision', 'specification', 'procurement', 'award', 'contract-issue', 'mobilisation', 'active', 'terminated', 'expired', 'decommissioned'];

@Controller('register')
export class RegisterController {
  constructor(private readonly sessions: Sessions) {}

  /** Every contract the reader may see, with its stage, supplier, value, dates and risk rating; filtered and paged. */
  @Get()
  @ForPage('register')
  @Render('register')
  async list(@Req() request: Request, @Query('stage') stage?: string, @Query('page') pageText?: string): Promise<object> {
    const backend = await this.sessions.backend(request);
    const page = Math.max(1, Number.parseInt(pageText ?? '1', 10) || 1);
    const chosenStage = stages.includes(stage ?? '') ? stage : undefined;
    const [register, scorecards] = await Promise.all([
      backend.get<RegisterPage>('reporting', '/register', { stage: chosenStage, limit: String(pageSize), offset: String((page - 1) * pageSize) }),
      backend.get<KeysetPage<ContractScorecard>>('reporting', '/scorecards', { limit: '200' }),
    ]);
    const ratings = new Map(scorecards.items.map((card) => [card.contractId, card.riskRating]));
    const pages = Math.max(1, Math.ceil(register.total / pageSize));
    const link = (n: number) => `/register?${new URLSearchParams({ ...(chosenStage ? { stage: chosenStage } : {}), page: String(n) }).toString()}`;
    return {
      pageTitle: 'Contract register',
      entries: register.items.map((entry) => ({ ...entry, rating: ratings.get(entry.contractId) })),
      total: register.total,
      stageItems: [{ value: '', text: 'Any stage' }, ...stages.map((value) => ({ value, text: value.replace(/-/g, ' '), selected: value === chosenStage }))],
      pagination: {
        ...(page > 1 ? { previous: { href: link(page - 1) } } : {}),
        ...(page < pages ? { next: { href: link(page + 1) } } : {}),
        items: Array.from({ length: pages }, (_, index) => ({ number: index + 1, href: link(index + 1), current: index + 1 === page })),
      },
    };
  }
}
