import { tenderFixtures as fx } from '@cls/domain/testing';
import { decideTender, evolveTender, initialTenderState, type TenderCommandResult, type TenderRequest } from '@cls/domain';
import { ProblemException } from '@cls/http';
import type { TenderClient } from '@cls/temporal';
import { TendersService } from './tenders.service';

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
        state: events.reduce(evolveTender, initialTenderState()),
        events: decided.map((event, index) => ({ eventId: `e-${index}`, type: event.type, streamVersion: events.length, globalPosition: '1' })),
      });
    },
  };
  return new TendersService(client as unknown as TenderClient);
};
const meta = { actor: fx.bidder('alpha-care'), correlationId: 'c-1' };
const bid = { type: 'SubmitBid' as const, data: { supplierName: 'Alpha Care', pricePence: 10_000_000, documentsReference: 'docs/a' } };

describe('tenders service: bids', () => {
  it('given a bid before the closing time, then it is a bid, and the supplier sees its own', async () => {
    const result = await tenderAt('2026-12-20T10:00:00.000Z').submitBid(fx.tenderId, bid, meta);
    expect(result.events.map((event) => event.type)).toEqual(['BidSubmitted']);
    expect(result.state.status === 'open' ? Object.keys(result.state.bids) : []).toEqual(['B1']);
  });

  it('given a bid after the closing time, then it is kept as a late bid and the bidder is told 409 tender.closed', async () => {
    const refusal = await tenderAt('2026-12-21T12:00:01.000Z')
      .submitBid(fx.tenderId, bid, meta)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect(refusal).toMatchObject({ status: 409, code: 'tender.closed', message: expect.stringContaining('recorded as late') });
  });
});
