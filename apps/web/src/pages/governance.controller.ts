import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { BackendProblem, type QueryValues } from '../backend/backend.client';
import type { ContractState, EventPage, StoredEvent } from '../backend/read-models';
import { formErrorsOf, type FormErrors } from '../forms/form-errors';
import { mayOpen } from '../web/access';
import { ForPage } from '../web/page.guard';
import { Sessions } from '../web/sessions.service';

/** The API's cross-contract governance views (GET /audit/views/:view), in the order a board reads them. */
const views = {
  escalations: 'Escalations',
  terminations: 'Terminations',
  'non-tender-routes': 'Non-tender routes',
  'corrective-action-plans': 'Corrective action plans',
  'waived-deadlines': 'Waived deadlines',
  'accepted-abnormally-low-bids': 'Accepted abnormally low bids',
} as const;
type ViewName = keyof typeof views;
const ViewName = z.enum(Object.keys(views) as [ViewName, ...ViewName[]]);
const planStatuses = ['open', 'successful', 'failed'];

interface Filters {
  view: ViewName;
  from?: string;
  to?: string;
  provider?: string;
  status?: string;
  cursor?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * A day the person enters, as the instant the API filters by: the start of that day (UTC). Anything else goes as it
 * was entered, for the API to refuse naming the field.
 */
const instantOf = (day: string | undefined): string | undefined => (day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day);

const filtersOf = (query: Record<string, unknown>): Filters => {
  const view = ViewName.safeParse(query['view']);
  const filters: Filters = { view: view.success ? view.data : 'escalations' };
  for (const name of ['from', 'to', 'provider', 'status', 'cursor'] as const) {
    const value = text(query[name]);
    if (value !== undefined) filters[name] = value;
  }
  return filters;
};

const apiQuery = (filters: Filters): QueryValues => ({
  from: instantOf(filters.from),
  to: instantOf(filters.to),
  provider: filters.provider,
  status: filters.view === 'corrective-action-plans' ? filters.status : undefined,
  cursor: filters.cursor,
});

const filterFields = [
  { id: 'view', label: 'View' },
  { id: 'from', label: 'From' },
  { id: 'to', label: 'To' },
  { id: 'provider', label: 'Provider' },
  { id: 'status', label: 'Plan status' },
];

@Controller('governance')
export class GovernanceController {
  constructor(private readonly sessions: Sessions) {}

  /** One cross-contract view, filtered by period, provider and (for plans) status, with its CSV. */
  @Get()
  @ForPage('governance')
  async views(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const user = this.sessions.user(request);
    const backend = await this.sessions.backend(request);
    const filters = filtersOf(query);
    let page: EventPage | undefined;
    let errors: FormErrors | undefined;
    try {
      page = await backend.get<EventPage>('api', `/audit/views/${filters.view}`, { ...apiQuery(filters), limit: '50', order: 'desc' });
    } catch (error) {
      if (!(error instanceof BackendProblem) || error.problem.status !== 400) throw error;
      errors = formErrorsOf(error.problem, filterFields);
    }
    const withoutCursor = new URLSearchParams(Object.entries({ ...filters, cursor: undefined }).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    response.status(errors ? 400 : 200).render('governance', {
      pageTitle: `Governance: ${views[filters.view]}`,
      filters,
      viewItems: Object.entries(views).map(([value, label]) => ({ value, text: label, selected: value === filters.view })),
      statusItems: [{ value: '', text: 'Any status' }, ...planStatuses.map((value) => ({ value, text: value, selected: value === filters.status }))],
      events: page?.events ?? [],
      nextHref: page?.nextCursor ? `/governance?${new URLSearchParams([...withoutCursor, ['cursor', page.nextCursor]]).toString()}` : undefined,
      csvHref: `/governance/views/${filters.view}.csv?${withoutCursor.toString()}`,
      errors: errors?.byField ?? {},
      errorSummary: errors?.summary ?? [],
      mayVerify: mayOpen('verify', user.role),
      mayAsOf: mayOpen('as-of', user.role),
    });
  }

  /** The view as CSV, as the API writes it (every page up to the API's limit of 500 rows a page, the first page). */
  @Get('views/:file')
  @ForPage('governance')
  async csv(@Req() request: Request, @Res() response: Response, @Param('file') file: string, @Query() query: Record<string, unknown>): Promise<void> {
    const view = ViewName.parse(file.replace(/\.csv$/, ''));
    const backend = await this.sessions.backend(request);
    const { text: body, nextCursor } = await backend.csv('api', `/audit/views/${view}`, { ...apiQuery({ ...filtersOf(query), view }), limit: '500', order: 'asc' });
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="${view}.csv"`);
    if (nextCursor) response.setHeader('x-next-cursor', nextCursor);
    response.send(body);
  }

  /** A contract as the record stood at an instant, with its history up to then. */
  @Get('as-of')
  @ForPage('as-of')
  @Render('as-of')
  async asOf(@Req() request: Request, @Query() query: Record<string, unknown>): Promise<object> {
    const contractId = text(query['contractId']);
    const at = text(query['at']);
    const time = text(query['time']) === 'occurred' ? 'occurred' : 'recorded';
    const base = { pageTitle: 'A contract as of a time', contractId, at, time };
    if (!contractId || !at) return { ...base, errors: {}, errorSummary: [] };
    const backend = await this.sessions.backend(request);
    try {
      const result = await backend.get<{ version: number; state: ContractState; history: StoredEvent[] }>('api', `/contracts/${encodeURIComponent(contractId)}/as-of`, {
        at: /^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T23:59:59.999Z` : at,
        time,
      });
      return { ...base, result, errors: {}, errorSummary: [] };
    } catch (error) {
      if (!(error instanceof BackendProblem) || ![400, 404].includes(error.problem.status)) throw error;
      const errors = formErrorsOf(
        error.problem.status === 404 ? { ...error.problem, errors: [{ field: 'contractId', message: 'No contract you may see has this id' }] } : error.problem,
        [
          { id: 'contractId', label: 'Contract id' },
          { id: 'at', label: 'As of' },
        ],
      );
      return { ...base, errors: errors.byField, errorSummary: errors.summary };
    }
  }

  /** The result of recomputing every hash chain in the store and checking the latest checkpoint. */
  @Get('verify')
  @ForPage('verify')
  @Render('verify')
  async verify(@Req() request: Request): Promise<object> {
    const backend = await this.sessions.backend(request);
    return { pageTitle: 'Verify the audit trail', verification: await backend.get<object>('api', '/audit/verify') };
  }
}
