import { tenderFixtures as fx } from '@cls/domain/testing';
import {
  decideTender,
  defaultProcurementPolicy,
  DomainError,
  evolveTender,
  initialTenderState,
  type TenderCommandResult,
  type TenderEvent,
  type TenderRequest,
  type TenderView,
} from '@cls/domain';
import { ProblemException } from '@cls/http';
import type { TenderClient } from '@cls/temporal';
import { TendersService } from './tenders.service';
import { freshCommandIds } from '../idempotency/command-ids';

/** A stand-in for the tender's workflow: decides with the real decider, at a time the test chooses. */
const tenderAt = (now: string) => {
  let events = fx.when([], fx.openTender);
  const client = {
    execute: (_tenderId: string, request: TenderRequest): Promise<TenderCommandResult> => {
      const decided = decideTender(request.command, events.reduce(evolveTender, initialTenderState()), { ...request.context, now });
      events = [...events, ...decided];
      return Promise.resolve({
        tenderId: fx.tenderId,
        version: events.length,
        events: decided.map((event, index) => ({ eventId: `e-${index}`, type: event.type, streamVersion: events.length, globalPosition: '1', data: event.data })),
      });
    },
  };
  return new TendersService(client as unknown as TenderClient, defaultProcurementPolicy);
};
const meta = { actor: fx.bidder('alpha-care'), correlationId: 'c-1', ...freshCommandIds() };
const bid = { type: 'SubmitBid' as const, data: { supplierName: 'Alpha Care', pricePence: 10_000_000, documentsReference: 'docs/a' } };

describe('tenders service: bids', () => {
  it('given a bid before the closing time, then it is a bid, and its event names it', async () => {
    const result = await tenderAt('2026-12-20T10:00:00.000Z').submitBid(fx.tenderId, bid, meta);
    expect(result.events.map((event) => event.type)).toEqual(['BidSubmitted']);
    expect(result.events[0]?.data).toMatchObject({ bidId: 'B1' });
  });

  it('given a bid after the closing time, then it is kept as a late bid and the bidder is told 409 tender.closed', async () => {
    const refusal = await tenderAt('2026-12-21T12:00:01.000Z')
      .submitBid(fx.tenderId, bid, meta)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect(refusal).toMatchObject({ status: 409, code: 'tender.closed', message: expect.stringContaining('recorded as late') });
  });
});

/** A tender whose workflow has ended: Temporal refuses every command as for no workflow, and still answers its state. */
const endedTender = (events: readonly TenderEvent[]) => {
  const client = {
    execute: () => Promise.reject(new DomainError('not-found', 'tender.not-found', 'No such tender')),
    view: (): Promise<TenderView> => Promise.resolve({ tenderId: fx.tenderId, version: events.length, state: events.reduce(evolveTender, initialTenderState()) }),
  };
  return new TendersService(client as unknown as TenderClient, defaultProcurementPolicy);
};
const refusalOf = (pending: Promise<unknown>) => pending.then(() => undefined, (error: unknown) => error);

describe('tenders service: a tender that has ended', () => {
  const cancelled = fx.run([[{ type: 'CancelTender', data: { reason: 'Funding withdrawn' } }, fx.commissioner, fx.publishedAt]], fx.when([], fx.openTender));
  const commissionerMeta = { actor: fx.commissioner, correlationId: 'c-2', ...freshCommandIds() };

  it('given a cancelled tender, when a supplier bids, then it is told the tender closed, not that it does not exist', async () => {
    expect(await refusalOf(endedTender(cancelled).submitBid(fx.tenderId, bid, meta))).toMatchObject({ kind: 'conflict', code: 'tender.closed' });
  });

  it('given a cancelled tender, when the commissioner cancels it again, then the rule that refuses it answers', async () => {
    const again = endedTender(cancelled).execute(fx.tenderId, { type: 'CancelTender', data: { reason: 'Again' } }, commissionerMeta);
    expect(await refusalOf(again)).toMatchObject({ kind: 'conflict', code: 'tender.already-cancelled' });
  });

  it('given a cancelled tender, when another organisation’s commissioner acts on it, then it still does not exist for them', async () => {
    const outsider = endedTender(cancelled).execute(fx.tenderId, { type: 'CancelTender', data: { reason: 'Not ours' } }, { actor: fx.outsider, correlationId: 'c-3', ...freshCommandIds() });
    expect(await refusalOf(outsider)).toMatchObject({ kind: 'not-found', code: 'tender.not-found' });
  });

  it('given a command the rules would still take, when the tender has ended, then it is refused as ended', async () => {
    const challengedThenCancelled: TenderEvent[] = [
      ...fx.when([], fx.openTender),
      { type: 'ChallengeRecorded', data: { challengeId: 'C1', challenger: 'bravo-care', grounds: 'Scores inconsistent' } },
      { type: 'TenderCancelled', reason: 'Funding withdrawn', data: { phase: 'standstill' } },
    ];
    const resolve = endedTender(challengedThenCancelled).execute(
      fx.tenderId,
      { type: 'ResolveChallenge', data: { challengeId: 'C1', outcome: 'dismissed', reason: 'Moot' } },
      commissionerMeta,
    );
    expect(await refusalOf(resolve)).toMatchObject({ kind: 'conflict', code: 'tender.ended' });
  });

  it('given no tender at all, then the refusal is the not-found Temporal gave', async () => {
    const client = {
      execute: () => Promise.reject(new DomainError('not-found', 'tender.not-found', 'No such tender')),
      view: () => Promise.reject(new DomainError('not-found', 'tender.not-found', 'No such tender')),
    };
    const service = new TendersService(client as unknown as TenderClient, defaultProcurementPolicy);
    expect(await refusalOf(service.submitBid(fx.tenderId, bid, meta))).toMatchObject({ code: 'tender.not-found' });
  });
});
