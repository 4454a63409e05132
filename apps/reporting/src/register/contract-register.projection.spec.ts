import {
  decideContract,
  evolveContract,
  initialContractState,
  type ContractCommand,
  type ContractEvent,
  type ContractState,
  type StoredEvent,
} from '@cls/domain';
import { projectContractRegister, type RegisterEntry } from './contract-register.projection';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';

const event = (type: string, streamVersion: number, data: Record<string, unknown> = {}, schemaVersion = 1): StoredEvent => ({
  eventId: `00000000-0000-4000-8000-00000000000${streamVersion}`,
  type,
  schemaVersion,
  streamId: `contract-${contractId}`,
  streamVersion,
  globalPosition: String(100 + streamVersion),
  data,
  metadata: {
    actor: { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' },
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    occurredAt: `2026-11-2${streamVersion}T10:00:00.000Z`,
    recordedAt: `2026-11-2${streamVersion}T10:00:01.000Z`,
  },
});

const opened = event('CommissionOpened', 1, {
  contractId,
  title: 'Short breaks for disabled children',
  organisation: 'gloucestershire-cc',
  openedBy: { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' },
});

const entryAfterOpening: RegisterEntry = {
  contractId,
  title: 'Short breaks for disabled children',
  organisation: 'gloucestershire-cc',
  stage: 'needs-assessment',
  route: null,
  supplier: null,
  valuePence: null,
  startDate: null,
  endDate: null,
  activatedOn: null,
  lastEventType: 'CommissionOpened',
  lastEventAt: '2026-11-21T10:00:00.000Z',
  version: 1,
};

const commissioner = { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' } as const;

/** The event the domain decides for a command after the given events: valid by construction. */
const decided = (history: readonly ContractEvent[], command: ContractCommand): { event: ContractEvent; history: ContractEvent[] } => {
  const state: ContractState = history.reduce(evolveContract, initialContractState());
  const [next] = decideContract(command, state, {
    commandId: 'cmd-1',
    correlationId: 'corr-1',
    actor: commissioner,
    now: '2026-11-22T10:00:00.000Z',
  });
  if (!next) throw new Error(`${command.type} decided nothing`);
  return { event: next, history: [...history, next] };
};

const domainOpened: ContractEvent = {
  type: 'CommissionOpened',
  data: { contractId, title: 'Short breaks for disabled children', organisation: 'gloucestershire-cc', openedBy: commissioner },
};
const domainAssessed = decided([domainOpened], {
  type: 'RecordNeedsAssessment',
  data: {
    need: 'Families of disabled children lack overnight respite',
    clientGroup: 'Disabled children aged 0-18 and their families',
    evidence: [{ kind: 'needs-assessment-data', description: 'JSNA 2026 chapter 4' }],
    unmetNeeds: [],
    serviceUserInvolvement: 'Parent carer forum co-designed the outcomes',
    priority: 1,
    outcomes: [
      {
        level: 'individual',
        description: 'Carers sustain their caring role',
        indicator: 'Carer strain index',
        baseline: '62% report high strain',
        target: 'Below 45% by March 2028',
      },
    ],
  },
});

const tender = decided(domainAssessed.history, {
  type: 'DecideRoute',
  data: {
    route: 'tender',
    procedure: 'open',
    contractType: 'services',
    authority: 'sub-central',
    annualValuePence: 60_000_00,
    years: 3,
    extensionOptions: [],
    authorityCategory: 'C',
    authoriser: { id: 'rag-2026-11', body: 'resource-allocation-group' },
  },
});

const directAward = decided(domainAssessed.history, {
  type: 'DecideRoute',
  data: {
    route: 'direct-award',
    contractType: 'services',
    authority: 'sub-central',
    justification: 'Only registered provider of overnight short breaks in the Forest of Dean',
    annualValuePence: 6_000_00,
    years: 3,
    extensionOptions: [],
    authorityCategory: 'B',
    authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: 25_000_00 },
  },
});

const specification = {
  kpis: [
    {
      name: 'Short-break nights delivered',
      kind: 'output',
      target: 1200,
      unit: 'nights a year',
      measurementFrequency: 'quarterly',
      evidenceSource: 'Provider quarterly return',
      rag: { direction: 'higher-is-better', green: 300, amber: 240 },
    },
  ],
  monitoring: { returnsSchedule: 'quarterly', reviewCadence: ['biannual', 'annual'] },
  paymentPerformanceLink: { description: 'None at risk' },
  remediesAllowed: [],
  serviceStandards: [],
  milestones: [],
  criteria: [
    { id: 'price', name: 'Price', kind: 'price', weight: 40 },
    { id: 'quality', name: 'Quality of care', kind: 'quality', weight: 50 },
    { id: 'social-value', name: 'Social value', kind: 'social-value', weight: 10 },
  ],
} as const satisfies Extract<ContractCommand, { type: 'AgreeSpecification' }>['data'];

const agreed = (history: ContractEvent[]) => decided(history, { type: 'AgreeSpecification', data: structuredClone(specification) });

const entryAfterAssessment: RegisterEntry = {
  ...entryAfterOpening,
  stage: 'route-decision',
  lastEventType: 'NeedsAssessmentRecorded',
  lastEventAt: '2026-11-22T10:00:00.000Z',
  version: 2,
};

describe('contract register projection', () => {
  it('given nothing, when a commission is opened, then the contract enters the register at needs assessment', () => {
    expect(projectContractRegister(undefined, contractId, opened)).toEqual({ kind: 'write', entry: entryAfterOpening });
  });

  it('given an opened contract, when its needs assessment is recorded, then it moves to the route decision', () => {
    expect(projectContractRegister(entryAfterOpening, contractId, event('NeedsAssessmentRecorded', 2))).toEqual({
      kind: 'write',
      entry: {
        ...entryAfterOpening,
        stage: 'route-decision',
        lastEventType: 'NeedsAssessmentRecorded',
        lastEventAt: '2026-11-22T10:00:00.000Z',
        version: 2,
      },
    });
  });

  it('given an opened contract, when an event of a type it does not know arrives, then only the last event moves on', () => {
    expect(projectContractRegister(entryAfterOpening, contractId, event('TenderPublished', 2, { anything: true }))).toEqual({
      kind: 'write',
      entry: { ...entryAfterOpening, lastEventType: 'TenderPublished', lastEventAt: '2026-11-22T10:00:00.000Z', version: 2 },
    });
  });

  it('given a later state, when an earlier event arrives again, then nothing changes', () => {
    const assessed = { ...entryAfterOpening, stage: 'route-decision' as const, version: 2 };
    expect(projectContractRegister(assessed, contractId, opened)).toEqual({ kind: 'unchanged' });
    expect(projectContractRegister(assessed, contractId, event('NeedsAssessmentRecorded', 2))).toEqual({ kind: 'unchanged' });
  });

  it('folds a stream into the entry of its last event, keeping the stage the known events set', () => {
    let entry: RegisterEntry | undefined;
    for (const next of [opened, event('NeedsAssessmentRecorded', 2), event('ReviewScheduled', 3)]) {
      const change = projectContractRegister(entry, contractId, next);
      if (change.kind !== 'write') throw new Error(`expected a write, got ${change.kind}`);
      entry = change.entry;
    }
    expect(entry).toEqual({
      ...entryAfterOpening,
      stage: 'route-decision',
      lastEventType: 'ReviewScheduled',
      lastEventAt: '2026-11-23T10:00:00.000Z',
      version: 3,
    });
  });

  it('rejects an event for a contract it has not seen opened', () => {
    expect(projectContractRegister(undefined, contractId, event('NeedsAssessmentRecorded', 2))).toEqual({
      kind: 'rejected',
      reason: expect.stringMatching(/not seen opened/),
    });
  });

  it('ignores an event of a type it does not know for a contract it has not seen, rather than failing', () => {
    expect(projectContractRegister(undefined, contractId, event('TenderPublished', 2))).toEqual({ kind: 'ignored' });
  });

  it("ignores the events of the contract's other streams (its tenders, plans), whatever their type or version, so the contract's versions stay its own", () => {
    const tenderEvent = { ...event('BidReceived', 9), streamId: `tender-${contractId}.1` };
    const tenderOpened = { ...opened, streamId: `tender-${contractId}.1` };
    expect(projectContractRegister(entryAfterOpening, contractId, tenderEvent)).toEqual({ kind: 'ignored' });
    expect(projectContractRegister(undefined, contractId, tenderOpened)).toEqual({ kind: 'ignored' });
    expect(projectContractRegister(entryAfterOpening, contractId, { ...tenderEvent, streamId: `plan-${contractId}.2` })).toEqual({ kind: 'ignored' });
  });

  it('reads the contract stream whatever the case of its id', () => {
    const upper = { ...event('NeedsAssessmentRecorded', 2), streamId: `contract-${contractId.toUpperCase()}` };
    expect(projectContractRegister(entryAfterOpening, contractId, upper)).toMatchObject({ kind: 'write', entry: { stage: 'route-decision' } });
  });

  it.each([
    ['data that breaks the schema', event('CommissionOpened', 1, { contractId, title: '' }), /data is invalid/],
    ['a schema version it cannot upcast', { ...opened, schemaVersion: 2 }, /no upcaster/],
    ['another contract id than its stream', event('CommissionOpened', 1, { ...opened.data, contractId: 'x' }), /names contract x/],
  ])('rejects an opening with %s', (_, opening, reason) => {
    expect(projectContractRegister(undefined, contractId, opening)).toEqual({ kind: 'rejected', reason: expect.stringMatching(reason) });
  });

  describe('route decision and specification', () => {
    it('given an assessed contract, when a route is decided, then it moves to the specification and remembers the route', () => {
      expect(projectContractRegister(entryAfterAssessment, contractId, event('RouteDecided', 3, tender.event.data))).toEqual({
        kind: 'write',
        entry: {
          ...entryAfterAssessment,
          stage: 'specification',
          route: 'tender',
          lastEventType: 'RouteDecided',
          lastEventAt: '2026-11-23T10:00:00.000Z',
          version: 3,
        },
      });
    });

    it.each([
      ['a tender', tender, 'tender', 'procurement'],
      ['a direct award', directAward, 'direct-award', 'award'],
    ] as const)('given %s, when the specification is agreed, then it moves to %s', (_, routed, route, stage) => {
      const afterRoute: RegisterEntry = { ...entryAfterAssessment, stage: 'specification', route, version: 3 };
      const spec = agreed(routed.history);
      expect(projectContractRegister(afterRoute, contractId, event('SpecificationAgreed', 4, spec.event.data))).toEqual({
        kind: 'write',
        entry: { ...afterRoute, stage, lastEventType: 'SpecificationAgreed', lastEventAt: '2026-11-24T10:00:00.000Z', version: 4 },
      });
    });

    it('given a grant, when the specification is agreed, then it moves to the award', () => {
      const afterRoute: RegisterEntry = { ...entryAfterAssessment, stage: 'specification', route: 'grant', version: 3 };
      const spec = agreed(directAward.history);
      expect(projectContractRegister(afterRoute, contractId, event('SpecificationAgreed', 4, spec.event.data))).toMatchObject({
        kind: 'write',
        entry: { stage: 'award', route: 'grant', version: 4 },
      });
    });

    it('given a direct award already awarded, when its specification is revised, then it stays at contract issue', () => {
      const awarded: RegisterEntry = { ...entryAfterAssessment, stage: 'contract-issue', route: 'direct-award', version: 5 };
      const revised = agreed(agreed(directAward.history).history);
      expect(projectContractRegister(awarded, contractId, event('SpecificationAgreed', 6, revised.event.data))).toMatchObject({
        kind: 'write',
        entry: { stage: 'contract-issue', version: 6 },
      });
    });

    it('given a revised specification during procurement, then it stays in procurement', () => {
      const inProcurement: RegisterEntry = { ...entryAfterAssessment, stage: 'procurement', route: 'tender', version: 4 };
      const revised = agreed(agreed(tender.history).history);
      expect(projectContractRegister(inProcurement, contractId, event('SpecificationAgreed', 5, revised.event.data))).toMatchObject({
        kind: 'write',
        entry: { stage: 'procurement', route: 'tender', version: 5 },
      });
    });

    it('folds a whole stream to procurement', () => {
      let entry: RegisterEntry | undefined;
      const stream = [opened, event('NeedsAssessmentRecorded', 2), event('RouteDecided', 3, tender.event.data)];
      stream.push(event('SpecificationAgreed', 4, agreed(tender.history).event.data));
      for (const next of stream) {
        const change = projectContractRegister(entry, contractId, next);
        if (change.kind !== 'write') throw new Error(`expected a write, got ${change.kind}`);
        entry = change.entry;
      }
      expect(entry).toEqual({
        ...entryAfterOpening,
        stage: 'procurement',
        route: 'tender',
        lastEventType: 'SpecificationAgreed',
        lastEventAt: '2026-11-24T10:00:00.000Z',
        version: 4,
      });
    });

    it('rejects a specification for a contract whose route it has not seen decided', () => {
      expect(
        projectContractRegister(entryAfterAssessment, contractId, event('SpecificationAgreed', 3, agreed(tender.history).event.data)),
      ).toEqual({ kind: 'rejected', reason: expect.stringMatching(/not seen decided/) });
    });

    it('rejects a route decision or specification for a contract it has not seen opened', () => {
      expect(projectContractRegister(undefined, contractId, event('RouteDecided', 3, tender.event.data))).toMatchObject({
        kind: 'rejected',
        reason: expect.stringMatching(/not seen opened/),
      });
      expect(projectContractRegister(undefined, contractId, event('SpecificationAgreed', 4, agreed(tender.history).event.data))).toMatchObject({
        kind: 'rejected',
        reason: expect.stringMatching(/not seen opened/),
      });
    });

    it.each([
      ['RouteDecided', 'data that breaks the schema', { ...tender.event.data, route: 'handshake' }, 1, /RouteDecided data is invalid/],
      ['RouteDecided', 'a schema version it cannot upcast', tender.event.data, 2, /RouteDecided v2 has no upcaster/],
      ['SpecificationAgreed', 'data that breaks the schema', { ...agreed(tender.history).event.data, kpis: [] }, 1, /SpecificationAgreed data is invalid/],
      ['SpecificationAgreed', 'a schema version it cannot upcast', agreed(tender.history).event.data, 2, /SpecificationAgreed v2 has no upcaster/],
    ])('rejects a %s with %s, leaving the register as it was', (type, _, data, schemaVersion, reason) => {
      const afterRoute: RegisterEntry = { ...entryAfterAssessment, stage: 'specification', route: 'tender', version: 3 };
      const current = type === 'RouteDecided' ? entryAfterAssessment : afterRoute;
      expect(projectContractRegister(current, contractId, event(type, 4, data as Record<string, unknown>, schemaVersion))).toEqual({
        kind: 'rejected',
        reason: expect.stringMatching(reason),
      });
    });
  });
});

describe('contract register projection: from the award to Active', () => {
  const staff = (role: 'contract-manager' | 'budget-holder') => ({ id: `${role}-1`, role, organisation: 'gloucestershire-cc' }) as const;
  const acme = { id: 'p-1', role: 'provider', organisation: 'acme-care' } as const;
  const supplier = { organisation: 'acme-care', name: 'Acme Care Ltd' };

  const step = (
    history: readonly ContractEvent[],
    command: ContractCommand,
    actor: Parameters<typeof decideContract>[2]['actor'] = commissioner,
    now = '2026-11-22T10:00:00.000Z',
  ): ContractEvent[] => [
    ...history,
    ...decideContract(command, history.reduce(evolveContract, initialContractState()), { commandId: 'cmd', correlationId: 'corr', actor, now }),
  ];

  const atAward = agreed(directAward.history).history;
  const awarded = step(atAward, { type: 'AwardDirectly', data: { supplier, valuePence: 18_000_00 } });
  const issued = step(
    awarded,
    {
      type: 'IssueContract',
      data: { terms: { reference: 'GCC/SB/2026/014', summary: 'Standard terms' }, startDate: '2027-01-04', endDate: '2030-01-03', valuePence: 17_500_00 },
    },
    staff('contract-manager'),
  );
  const authorised = step(
    issued,
    { type: 'AuthoriseContract', data: { authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: 25_000_00 } } },
    staff('budget-holder'),
  );
  const signed = step(
    step(authorised, { type: 'SignContract', data: { party: 'provider', signatory: { name: 'Sam Patel', position: 'Director' } } }, acme),
    { type: 'SignContract', data: { party: 'authority', signatory: { name: 'Alex Morgan', position: 'Head of Commissioning' } } },
  );
  const copied = step(
    signed,
    { type: 'RecordMasterCopy', data: { reference: 'EDRMS/2026/014', distribution: [{ name: 'Sam Patel' }] } },
    staff('contract-manager'),
  );
  const mobilising = step(copied, { type: 'StartMobilisation', data: { planSummary: 'Recruit staff', milestones: [] } }, staff('contract-manager'));
  const active = step(mobilising, { type: 'ActivateContract', data: {} }, staff('contract-manager'), '2027-01-04T09:00:00.000Z');

  /** The stream as the store numbers it, an hour apart from 21 November. */
  const stored = (events: readonly ContractEvent[]): StoredEvent[] =>
    events.map((decidedEvent, index) => ({
      ...event(decidedEvent.type, index + 1, decidedEvent.data as Record<string, unknown>),
      eventId: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
      metadata: { ...opened.metadata, occurredAt: new Date(Date.parse('2026-11-21T10:00:00.000Z') + index * 3_600_000).toISOString() },
    }));

  const fold = (events: readonly StoredEvent[]): RegisterEntry | undefined =>
    events.reduce<RegisterEntry | undefined>((entry, next) => {
      const change = projectContractRegister(entry, contractId, next);
      if (change.kind !== 'write') throw new Error(`${next.type}: expected a write, got ${JSON.stringify(change)}`);
      return change.entry;
    }, undefined);

  it('given a direct award at the award stage, when it is awarded, then the register shows contract issue, the supplier and the value awarded', () => {
    expect(fold(stored(atAward))).toMatchObject({ stage: 'award', supplier: null, valuePence: null });
    expect(fold(stored(awarded))).toMatchObject({ stage: 'contract-issue', supplier, valuePence: 18_000_00, startDate: null, lastEventType: 'ContractAwarded' });
  });

  it('given an award, when the contract is issued at a lower value, then the register shows its term and the value issued', () => {
    expect(fold(stored(issued))).toMatchObject({
      stage: 'contract-issue',
      supplier,
      valuePence: 17_500_00,
      startDate: '2027-01-04',
      endDate: '2030-01-03',
      activatedOn: null,
    });
  });

  it('given authorisation, signatures, Finance and the master copy, then only the last event moves on, still at contract issue', () => {
    const entry = fold(stored(copied));
    expect(entry).toMatchObject({ stage: 'contract-issue', lastEventType: 'MasterCopyRecorded', version: copied.length });
    expect(stored(copied).map((storedEvent) => storedEvent.type).slice(-5)).toEqual([
      'ContractAuthorised',
      'ContractSigned',
      'ContractSigned',
      'FinanceNotified',
      'MasterCopyRecorded',
    ]);
  });

  it('given the master copy, when mobilisation starts, then the register shows mobilisation', () => {
    expect(fold(stored(mobilising))).toMatchObject({ stage: 'mobilisation', lastEventType: 'MobilisationStarted' });
  });

  it('folds a whole direct award to Active: stage, supplier, value, term and the day it went live', () => {
    const events = stored(active);
    expect(fold(events)).toEqual({
      contractId,
      title: 'Short breaks for disabled children',
      organisation: 'gloucestershire-cc',
      stage: 'active',
      route: 'direct-award',
      supplier,
      valuePence: 17_500_00,
      startDate: '2027-01-04',
      endDate: '2030-01-03',
      activatedOn: '2027-01-04',
      lastEventType: 'ContractActivated',
      lastEventAt: events.at(-1)?.metadata.occurredAt,
      version: active.length,
    });
  });

  it.each([
    ['ContractAwarded', 'data that breaks the schema', { ...awarded.at(-1)?.data, supplier: { organisation: 'acme-care' } }, 1, /ContractAwarded data is invalid/],
    ['ContractAwarded', 'a schema version it cannot upcast', awarded.at(-1)?.data, 2, /ContractAwarded v2 has no upcaster/],
    ['ContractIssued', 'data that breaks the schema', { ...issued.at(-1)?.data, startDate: '4 January' }, 1, /ContractIssued data is invalid/],
    ['ContractActivated', 'a schema version it cannot upcast', active.at(-1)?.data, 2, /ContractActivated v2 has no upcaster/],
  ])('rejects a %s with %s, leaving the register as it was', (type, _, data, schemaVersion, reason) => {
    const current = fold(stored(atAward));
    expect(projectContractRegister(current, contractId, event(type, atAward.length + 1, data as Record<string, unknown>, schemaVersion))).toEqual({
      kind: 'rejected',
      reason: expect.stringMatching(reason),
    });
  });

  const ended = (ending: ContractEvent): ContractEvent[] => [...active, ending];
  const stageOfFold = (events: readonly ContractEvent[]) => {
    const state = events.reduce(evolveContract, initialContractState());
    return state.status === 'open' ? state.stage : undefined;
  };

  it.each<[string, ContractEvent]>([
    ['terminated', { type: 'ContractTerminated', data: { ground: 'convenience', effectiveDate: '2028-04-01', placementsEnded: [] } }],
    ['expired', { type: 'ContractExpired', data: { endDate: '2030-01-03', expiredOn: '2030-01-04', decision: 'recommission', placementsEnded: [] } }],
    ['expired', { type: 'ContractExpired', data: { endDate: '2030-01-03', expiredOn: '2030-01-04', placementsEnded: [] } }],
    ['decommissioned', { type: 'ContractExpired', data: { endDate: '2030-01-03', expiredOn: '2030-01-04', decision: 'decommission', placementsEnded: [] } }],
  ])('given an active contract, when it ends, then the register shows it %s, as the domain’s fold does', (stage, ending) => {
    const events = ended(ending);
    expect(fold(stored(events))).toMatchObject({ stage, activatedOn: '2027-01-04', lastEventType: ending.type, version: events.length });
    expect(stageOfFold(events)).toBe(stage);
  });

  it('rejects an award for a contract it has not seen opened', () => {
    expect(projectContractRegister(undefined, contractId, event('ContractAwarded', 5, awarded.at(-1)?.data as Record<string, unknown>))).toEqual({
      kind: 'rejected',
      reason: expect.stringMatching(/not seen opened/),
    });
  });
});
