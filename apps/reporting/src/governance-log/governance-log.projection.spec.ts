import { foldProcess } from '../projections/process-projection';
import { processEvents } from '../testing/process-events';
import { governanceLogProjection } from './governance-log.projection';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
const rowsAfter = (events: Parameters<typeof foldProcess>[2]) =>
  governanceLogProjection.rowsOf(foldProcess(governanceLogProjection, contractId, events)!);

describe('governance log projection', () => {
  it('given a process, when a direct award is decided, then the log shows the departure from tender with who decided it and the justification', () => {
    const e = processEvents(contractId);
    const opened = e.opened();
    const route = e.routeDecided('direct-award');
    const [row] = rowsAfter([opened, route]);
    expect(row).toEqual({
      event_id: route.eventId,
      contract_id: contractId,
      organisation: 'gloucestershire-cc',
      provider_organisation: null,
      kind: 'non-tender-route',
      event_type: 'RouteDecided',
      stream_id: `contract-${contractId}`,
      global_position: '2',
      actor_id: 'u-1',
      actor_role: 'commissioner',
      actor_organisation: 'gloucestershire-cc',
      reason: 'Only registered provider of overnight short breaks in the Forest of Dean',
      details: expect.objectContaining({ route: 'direct-award', wholeLifeValuePence: 1_800_000, authorityCategory: 'B' }),
      occurred_at: route.metadata.occurredAt,
      recorded_at: route.metadata.recordedAt,
    });
  });

  it('logs accepted abnormally low bids, escalations, variations beyond limits with their justification and terminations, and nothing else', () => {
    const e = processEvents(contractId);
    const rows = rowsAfter([
      e.opened(),
      e.routeDecided('tender'),
      e.abnormallyLowBidAccepted(1, 'bid-2'),
      e.awarded(),
      e.kpiAssessed('assessment-1', 'Visits on time', 'inadequate', '2027-03-31'),
      e.planOpened(1, '2027-02-01'),
      e.planEscalated(1, ['a2'], '2027-04-09'),
      e.varied(false, '2027-05-01'),
      e.varied(true, '2027-06-01'),
      e.terminated('2027-09-30'),
    ]);
    expect(rows.map(({ kind, event_type, reason }) => ({ kind, event_type, reason }))).toEqual([
      { kind: 'tender-route', event_type: 'RouteDecided', reason: null },
      { kind: 'abnormally-low-bid-accepted', event_type: 'AbnormallyLowBidAccepted', reason: 'The explanation accounts for the price' },
      { kind: 'award', event_type: 'ContractAwarded', reason: null },
      { kind: 'corrective-plan-opened', event_type: 'PlanOpened', reason: 'Visits missed three weeks running' },
      { kind: 'escalation', event_type: 'PlanEscalated', reason: null },
      { kind: 'variation', event_type: 'ContractVaried', reason: null },
      { kind: 'variation-beyond-limits', event_type: 'ContractVaried', reason: 'Statutory wage rise beyond the variation limit' },
      { kind: 'termination', event_type: 'ContractTerminated', reason: null },
    ]);
    // Rows carry the provider named at the award, the earlier decisions included.
    expect(new Set(rows.map((row) => row.provider_organisation))).toEqual(new Set(['acme-care']));
  });
});
