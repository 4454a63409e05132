import {
  contractDecider,
  contractStreamId,
  DomainError,
  forbidden,
  parseContractEvent,
  viewReach,
  type Actor,
  type AuditView,
  type ContractState,
  type ViewReach,
} from '@cls/domain';
import {
  AuditLog,
  createCheckpoint,
  verifyAll,
  verifyProcess,
  type AsOfTime,
  type AuditEvent,
  type AuditFilter,
  type AuditPage,
  type Checkpoint,
  type SupplierVisibility,
  type Verification,
} from '@cls/event-store';
import { ProblemException } from '@cls/http';
import { Inject, Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Pool } from 'pg';
import { AUDIT_POOL } from './audit.config';
import type { GovernanceViewQuery, TimelineQuery } from './audit.schema';
import { governanceViews, planOpenedType, type GovernanceView, type GovernanceViewName } from './governance-views';
import { PageCursors, queryFingerprint } from './page-cursors';

export interface EventPage {
  events: AuditEvent[];
  order: 'asc' | 'desc';
  limit: number;
  /** Present when there may be more: pass it back as `cursor` with the same query. */
  nextCursor?: string;
}

export interface AsOfView {
  contractId: string;
  at: string;
  /** Which time `at` is: when events were recorded, or when they occurred (business time). */
  time: AsOfTime;
  /** The contract stream's version as of `at`: how many of its events were recorded (or occurred) by then. */
  version: number;
  state: ContractState;
  /** The process's events at or before `at`, oldest first (the contract's and its tenders', plans' …). */
  history: AuditEvent[];
}

type PageQuery = Pick<TimelineQuery, 'order' | 'limit' | 'cursor'>;
type FilterQuery = Pick<TimelineQuery, 'type' | 'actor' | 'provider' | 'from' | 'to'>;

const statusViews = Object.entries(governanceViews)
  .filter(([, definition]) => 'byStatus' in definition)
  .map(([name]) => name);

const notFound = () => new DomainError('not-found', 'contract.not-found', 'No such contract');

const filterOf = (query: FilterQuery): AuditFilter => ({
  ...(query.type ? { types: query.type } : {}),
  ...(query.actor === undefined ? {} : { actorId: query.actor }),
  ...(query.provider === undefined ? {} : { provider: query.provider }),
  ...(query.from === undefined ? {} : { from: query.from }),
  ...(query.to === undefined ? {} : { to: query.to }),
});

/**
 * The audit trail: who may read what (libs/domain view-permissions), tenancy, paging, and the event store's audit
 * queries and verification behind them.
 */
@Injectable()
export class AuditService {
  private readonly log: AuditLog;

  constructor(
    @Inject(AUDIT_POOL) private readonly pool: Pool,
    private readonly cursors: PageCursors,
    // The request's own logger: a refusal's line carries the request id (the correlation id) with the actor.
    @InjectPinoLogger('Audit') private readonly logger: PinoLogger,
  ) {
    this.log = new AuditLog(pool);
  }

  async timeline(contractId: string, actor: Actor, query: TimelineQuery): Promise<EventPage> {
    const visibility = await this.readableProcess('contract-timeline', contractId, actor);
    const filter = filterOf(query);
    return this.page(query, { view: 'contract-timeline', contractId, filter }, (page) =>
      this.log.timeline(contractId, filter, page, visibility),
    );
  }

  async asOf(contractId: string, actor: Actor, at: string, time: AsOfTime = 'recorded'): Promise<AsOfView> {
    const visibility = await this.readableProcess('contract-as-of', contractId, actor);
    const contract = await this.log.streamAsOf(contractStreamId(contractId), at, time);
    const state = contract.reduce(
      (folded, event) => contractDecider.evolve(folded, parseContractEvent(event.type, event.data)),
      contractDecider.initialState(),
    );
    const history = await this.log.processAsOf(contractId, at, visibility, time);
    return { contractId, at, time, version: contract.length, state, history };
  }

  async verifyContract(contractId: string, actor: Actor): Promise<Verification> {
    await this.readableProcess('contract-verify', contractId, actor);
    return verifyProcess(this.pool, contractId);
  }

  async events(actor: Actor, query: TimelineQuery): Promise<EventPage> {
    this.reach('audit-events', actor);
    const filter = filterOf(query);
    return this.page(query, { view: 'audit-events', organisation: actor.organisation, filter }, (page) =>
      this.log.search(filter, page, { organisation: actor.organisation }),
    );
  }

  async governanceView(view: GovernanceViewName, actor: Actor, query: GovernanceViewQuery): Promise<EventPage> {
    this.reach('governance-views', actor);
    const definition: GovernanceView = governanceViews[view];
    const { status } = query;
    if (status !== undefined && definition.byStatus === undefined) {
      throw new ProblemException(400, 'request.invalid', `The view ${view} has no status to filter by`, [
        { field: 'status', rule: 'not-applicable', message: `applies only to ${statusViews.join(', ')}` },
      ]);
    }
    const narrowed = status === undefined ? definition : definition.byStatus?.[status];
    const base: AuditFilter = {
      ...filterOf(query),
      types: narrowed?.types ?? definition.types,
      ...(narrowed?.dataIn ? { dataIn: narrowed.dataIn } : {}),
    };
    // The open plans are known only now; the cursor is bound to the question (status open), not to today's answer.
    const filter = status === 'open' ? { ...base, dataIn: { key: 'planId', values: await this.openPlanIds(actor.organisation) } } : base;
    return this.page(query, { view, organisation: actor.organisation, filter: base, ...(status ? { status } : {}) }, (page) =>
      this.log.search(filter, page, { organisation: actor.organisation }),
    );
  }

  /** The contract-side ids of the organisation's corrective plans that were opened and have not ended. */
  private async openPlanIds(organisation: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ plan_id: string }>(
      `SELECT DISTINCT o.data ->> 'planId' AS plan_id
         FROM events o
        WHERE o.event_type = $1
          AND NOT EXISTS (SELECT 1 FROM events c
                           WHERE c.process_id = o.process_id AND c.event_type = $2 AND c.data ->> 'planId' = o.data ->> 'planId')
          AND (SELECT p.data ->> 'organisation' FROM events p
                WHERE p.process_id = o.process_id AND p.event_type = 'CommissionOpened' LIMIT 1) = $3`,
      [planOpenedType, 'CorrectivePlanEnded', organisation],
    );
    return rows.map((row) => row.plan_id);
  }

  async verifyStore(actor: Actor): Promise<Verification> {
    this.reach('audit-verify', actor);
    return verifyAll(this.pool);
  }

  async checkpoint(actor: Actor): Promise<Checkpoint> {
    this.reach('audit-checkpoint', actor);
    const checkpoint = await createCheckpoint(this.pool, 'on-demand', actor.id);
    if (!checkpoint) throw new Error('an on-demand checkpoint is always taken');
    this.logger.info({ actor, checkpointId: checkpoint.checkpointId }, 'Audit checkpoint taken on demand');
    return checkpoint;
  }

  /** Role first: a role the view does not admit is refused outright (ProblemDetailsFilter logs it with the actor). */
  private reach(view: AuditView, actor: Actor): ViewReach {
    const reach = viewReach(view, actor.role);
    if (reach) return reach;
    throw forbidden('access.view-not-permitted', `The role ${actor.role} may not read the view ${view}`);
  }

  /**
   * Then tenancy: a process the reader may not see answers exactly as one that does not exist, so existence does
   * not leak. A provider sees the contract stream and its own staff's events of the processes it supplies.
   */
  private async readableProcess(view: AuditView, contractId: string, actor: Actor): Promise<SupplierVisibility | undefined> {
    const reach = this.reach(view, actor);
    const facts = await this.log.processFacts(contractId);
    if (!facts.exists) throw notFound();
    switch (reach) {
      case 'own-organisation':
        if (facts.organisation !== actor.organisation) throw notFound();
        return undefined;
      case 'supplied':
        if (!facts.suppliers.includes(actor.organisation)) throw notFound();
        return { contractStreamId: contractStreamId(contractId), organisation: actor.organisation };
      case 'whole-store':
        return undefined;
    }
  }

  /** Reads one more than the limit to know whether a next page exists, and signs the cursor to it. */
  private async page(
    query: PageQuery,
    identity: Readonly<Record<string, unknown>>,
    read: (page: AuditPage) => Promise<AuditEvent[]>,
  ): Promise<EventPage> {
    const fingerprint = queryFingerprint({ ...identity, order: query.order });
    const after = query.cursor === undefined ? undefined : this.cursors.read(query.cursor, fingerprint);
    const found = await read({ order: query.order, limit: query.limit + 1, ...(after === undefined ? {} : { after }) });
    const events = found.slice(0, query.limit);
    const last = events.at(-1);
    return {
      events,
      order: query.order,
      limit: query.limit,
      ...(found.length > query.limit && last ? { nextCursor: this.cursors.issue(fingerprint, last.globalPosition) } : {}),
    };
  }
}
