import { ContractCommand } from './contract.commands';
import { parseContractEvent, type ContractEvent } from './contract.events';
import {
  assessed,
  authoriseContract,
  budgetHolder,
  commissioner,
  contractManager,
  directAwardThrough,
  endDate,
  given,
  issueContract,
  opened,
  otherProvider,
  pounds,
  provider,
  recordMasterCopy,
  refusal,
  routeDecided,
  signContract,
  signatories,
  specification,
  startDate,
  supplier,
  tenderAward,
  tenderRoute,
  when,
} from './__fixtures__/contract.fixtures';

const awarded = directAwardThrough('AwardDirectly');
const issued = directAwardThrough('IssueContract');
const authorised = directAwardThrough('AuthoriseContract');
const providerSigned = directAwardThrough('SignContract');
const bothSigned = [...providerSigned, ...when(providerSigned, signContract('authority'))];

const roundTrips = (events: ContractEvent[]) =>
  expect(events.map((event) => parseContractEvent(event.type, JSON.parse(JSON.stringify(event.data))))).toEqual(
    events.map(({ type, data }) => ({ type, data })),
  );

describe('contract issue: issuing the contract from the award', () => {
  it('given an awarded direct award, when the contract manager issues it, then ContractIssued is a snapshot of what the contract is', () => {
    const events = when(awarded, issueContract(), contractManager);
    expect(events).toEqual([
      {
        type: 'ContractIssued',
        data: {
          terms: { reference: 'GCC/SB/2026/014', summary: expect.any(String) },
          specificationRevision: 1,
          supplier,
          valuePence: pounds(18_000),
          startDate,
          endDate,
          extensionOptions: [],
          remediesAllowed: ['financial-remedy', 'suspension-of-referrals'],
          kpis: ['Short-break nights delivered', 'Carers reporting high strain', 'Referrals acknowledged within 2 working days'],
        },
      },
    ]);
    roundTrips(events);
    expect(given([...awarded, ...events])).toMatchObject({ stage: 'contract-issue', issued: { startDate, endDate }, specificationFrozen: true });
  });

  it("given a tender award, when the contract is issued without options or value, then the route's options and the award's value are its own", () => {
    const tenderAwarded: ContractEvent[] = [
      opened,
      assessed,
      routeDecided(tenderRoute),
      { type: 'SpecificationAgreed', data: { ...specification, revision: 1 } },
      tenderAward(),
    ];
    expect(when(tenderAwarded, issueContract())[0]?.data).toMatchObject({
      valuePence: pounds(300_000),
      extensionOptions: tenderRoute.extensionOptions,
    });
  });

  it('given a lower agreed value and its own options within the award, then they are issued', () => {
    const options = [{ description: '6 months', valuePence: pounds(1_000) }];
    expect(when(awarded, issueContract({ valuePence: pounds(17_000), extensionOptions: options }))[0]?.data).toMatchObject({
      valuePence: pounds(17_000),
      extensionOptions: options,
    });
  });

  it('given a value above the award, then it is refused naming the value', () => {
    expect(refusal(() => when(awarded, issueContract({ valuePence: pounds(18_000) + 1 }))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'contract.value-above-award',
      field: 'valuePence',
    });
  });

  it('given extension options that would take the contract above the award, then it is refused naming the options', () => {
    const options = [{ description: '12 months', valuePence: pounds(6_000) }];
    expect(refusal(() => when(awarded, issueContract({ extensionOptions: options }))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'contract.value-above-award',
      field: 'extensionOptions',
    });
  });

  it.each([
    ['on the start date', startDate],
    ['before the start date', '2027-01-03'],
  ])('given an end date %s, then the end must be after the start', (_, end) => {
    expect(refusal(() => when(awarded, issueContract({ endDate: end }))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'contract.end-not-after-start',
      field: 'endDate',
    });
  });

  it('given a start the day before the award, then it is refused; on the day of the award it is issued', () => {
    expect(refusal(() => when(awarded, issueContract({ startDate: '2026-11-21' }))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'contract.start-before-award',
      field: 'startDate',
    });
    expect(when(awarded, issueContract({ startDate: '2026-11-22' }))).toHaveLength(1);
  });

  it('given a date that is no calendar date, then the command is malformed', () => {
    expect(ContractCommand.safeParse(issueContract({ startDate: '2027-13-01' })).success).toBe(false);
    expect(ContractCommand.safeParse(issueContract({ endDate: '04/01/2030' })).success).toBe(false);
  });

  it('given an issued contract, when it is issued again, then it is refused', () => {
    expect(refusal(() => when(issued, issueContract())).toJSON()).toMatchObject({ kind: 'conflict', code: 'contract.already-issued' });
  });

  it.each([
    ['the award stage (supplier not named)', directAwardThrough('AgreeSpecification')],
    ['procurement', [opened, assessed, routeDecided(tenderRoute), { type: 'SpecificationAgreed', data: { ...specification, revision: 1 } }] as ContractEvent[]],
  ])('given a contract at %s, when it is issued, then it is not awarded', (_, events) => {
    expect(refusal(() => when(events, issueContract())).toJSON()).toMatchObject({ kind: 'conflict', code: 'contract.not-awarded' });
  });

  it.each([provider, budgetHolder])('given an awarded contract, when a $role issues it, then the role is refused', (actor) => {
    expect(refusal(() => when(awarded, issueContract(), actor)).code).toBe('access.role-not-permitted');
  });
});

describe('contract issue: authority to purchase per the route’s category', () => {
  it('given an issued category B contract, when the budget holder authorises it within their limit, then ContractAuthorised names the authoriser and the value', () => {
    const events = when(issued, authoriseContract(), budgetHolder);
    expect(events).toEqual([
      {
        type: 'ContractAuthorised',
        data: {
          category: 'B',
          authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: pounds(25_000) },
          valuePence: pounds(18_000),
        },
      },
    ]);
    roundTrips(events);
  });

  it('given a limit exactly the value, then it is authorised; a penny less, it is above the delegated limit', () => {
    const at = (limit: number) => authoriseContract({ authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: limit } });
    expect(when(issued, at(pounds(18_000)), budgetHolder)).toHaveLength(1);
    expect(refusal(() => when(issued, at(pounds(18_000) - 1), budgetHolder)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'authority.above-delegated-limit',
    });
  });

  it('given extension options, then they count towards the value authorised', () => {
    const withOption = [...awarded, ...when(awarded, issueContract({ valuePence: pounds(15_000), extensionOptions: [{ valuePence: pounds(3_000) }] }))];
    const limit = (pence: number) => authoriseContract({ authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: pence } });
    expect(when(withOption, limit(pounds(18_000)), budgetHolder)[0]?.data).toMatchObject({ valuePence: pounds(18_000) });
    expect(refusal(() => when(withOption, limit(pounds(17_999)), budgetHolder)).code).toBe('authority.above-delegated-limit');
  });

  it('given a budget holder without a delegated limit, then it is above the limit', () => {
    const command = authoriseContract({ authoriser: { id: 'bh-7', body: 'budget-holder' } });
    expect(refusal(() => when(issued, command, budgetHolder)).code).toBe('authority.above-delegated-limit');
  });

  it('given a category B contract, when the commissioner records an officer’s authorisation, then the category refuses the authoriser', () => {
    const command = authoriseContract({ authoriser: { id: 'o-1', body: 'officer' } });
    expect(refusal(() => when(issued, command, commissioner)).toJSON()).toMatchObject({ kind: 'forbidden', code: 'authority.wrong-authoriser' });
  });

  /** A category C contract: awarded by tender and issued, waiting for the Resource Allocation Group's authority. */
  const issuedFromTender = (): ContractEvent[] => {
    const awardedByTender: ContractEvent[] = [
      opened,
      assessed,
      routeDecided(tenderRoute),
      { type: 'SpecificationAgreed', data: { ...specification, revision: 1 } },
      tenderAward(),
    ];
    return [...awardedByTender, ...when(awardedByTender, issueContract())];
  };

  it('given a category C tender, when the commissioner records the Resource Allocation Group’s decision, then it is authorised with the note as reason', () => {
    const note = 'RAG minute 2026-11/7';
    const [event] = when(issuedFromTender(), authoriseContract({ authoriser: { id: 'rag-2026-11', body: 'resource-allocation-group' }, note }));
    expect(event).toMatchObject({
      type: 'ContractAuthorised',
      data: { category: 'C', valuePence: pounds(380_000), authoriser: { body: 'resource-allocation-group' } },
      reason: note,
    });
  });

  it('given a category C contract, when a budget holder records the Resource Allocation Group’s decision, then it is authorised', () => {
    const command = authoriseContract({ authoriser: { id: 'rag-2026-11', body: 'resource-allocation-group' } });
    expect(when(issuedFromTender(), command, budgetHolder)).toMatchObject([
      { type: 'ContractAuthorised', data: { category: 'C', authoriser: { body: 'resource-allocation-group' } } },
    ]);
  });

  it('given a budget holder, when they authorise as an officer, then the role is refused, naming the commissioner', () => {
    const command = authoriseContract({ authoriser: { id: 'officer-1', body: 'officer' } });
    expect(refusal(() => when(issued, command, budgetHolder)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'access.role-not-permitted',
      message: expect.stringContaining('only commissioner may'),
    });
  });

  it('given an authorised contract, when it is authorised again, then it is refused', () => {
    expect(refusal(() => when(authorised, authoriseContract(), budgetHolder)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'contract.already-authorised',
    });
  });

  it('given an awarded contract not yet issued, when it is authorised, then it is not issued', () => {
    expect(refusal(() => when(awarded, authoriseContract(), budgetHolder)).toJSON()).toMatchObject({ kind: 'conflict', code: 'contract.not-issued' });
  });

  it.each([contractManager, provider])('given an issued contract, when a $role authorises it, then the role is refused', (actor) => {
    expect(refusal(() => when(issued, authoriseContract(), actor)).code).toBe('access.role-not-permitted');
  });
});

describe('contract issue: signatures and Finance', () => {
  it('given an authorised contract, when the provider signs, then ContractSigned records the party and signatory, and Finance is not told yet', () => {
    expect(when(authorised, signContract('provider'), provider)).toEqual([
      { type: 'ContractSigned', data: { party: 'provider', signatory: signatories.provider } },
    ]);
  });

  it('given the provider signed, when the authority signs, then Finance is told the start and end dates, value and supplier', () => {
    const events = when(providerSigned, signContract('authority'), commissioner);
    expect(events).toEqual([
      { type: 'ContractSigned', data: { party: 'authority', signatory: signatories.authority } },
      { type: 'FinanceNotified', data: { startDate, endDate, valuePence: pounds(18_000), supplier } },
    ]);
    roundTrips(events);
    expect(given([...providerSigned, ...events])).toMatchObject({
      stage: 'contract-issue',
      signatures: { authority: { party: 'authority' }, provider: { party: 'provider' } },
    });
  });

  it('given the authority signed first, when the provider signs second, then the provider’s signature tells Finance', () => {
    const authoritySigned = [...authorised, ...when(authorised, signContract('authority'), commissioner)];
    expect(when(authoritySigned, signContract('provider'), provider).map((event) => event.type)).toEqual(['ContractSigned', 'FinanceNotified']);
  });

  it('given a party that signed, when it signs again, then it is refused', () => {
    expect(refusal(() => when(providerSigned, signContract('provider'), provider)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'contract.already-signed',
    });
  });

  it('given an issued contract not yet authorised, when a party signs, then it is not authorised', () => {
    expect(refusal(() => when(issued, signContract('authority'), commissioner)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'contract.not-authorised',
    });
  });

  it.each([
    ['a commissioner', commissioner, 'provider'],
    ['a provider', provider, 'authority'],
    ['a contract manager', contractManager, 'authority'],
  ] as const)('given an authorised contract, when %s signs for the %s, then the role is refused', (_, actor, party) => {
    expect(refusal(() => when(authorised, signContract(party), actor)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'access.role-not-permitted',
    });
  });

  it('given a provider that was not awarded the contract, when it signs, then the contract is not found', () => {
    expect(refusal(() => when(authorised, signContract('provider'), otherProvider)).toJSON()).toMatchObject({
      kind: 'not-found',
      code: 'contract.not-found',
    });
  });

  it('given a signatory without a position, then the command is malformed', () => {
    expect(ContractCommand.safeParse(signContract('provider', { name: 'Sam Patel', position: '' })).success).toBe(false);
    expect(ContractCommand.safeParse({ type: 'SignContract', data: { party: 'witness', signatory: signatories.provider } }).success).toBe(false);
  });
});

describe('contract issue: the master copy', () => {
  it('given both signatures, when the contract manager records the master copy, then MasterCopyRecorded keeps its reference and distribution', () => {
    const events = when(bothSigned, recordMasterCopy(), contractManager);
    expect(events).toEqual([
      {
        type: 'MasterCopyRecorded',
        data: {
          reference: 'EDRMS/CONTRACTS/2026/014',
          distribution: [{ name: 'Sam Patel', organisation: 'acme-care' }, { name: 'Children’s placements team', organisation: 'gloucestershire-cc' }],
        },
      },
    ]);
    roundTrips(events);
  });

  it.each([
    ['only the provider signed', providerSigned],
    ['no signature', authorised],
    ['not even authorised', issued],
  ])('given %s, when the master copy is recorded, then the contract is not signed', (_, events) => {
    expect(refusal(() => when(events, recordMasterCopy(), contractManager)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'contract.not-signed',
    });
  });

  it('given a master copy recorded, when it is recorded again, then it is refused', () => {
    const recorded = directAwardThrough('RecordMasterCopy');
    expect(refusal(() => when(recorded, recordMasterCopy(), contractManager)).code).toBe('contract.master-copy-already-recorded');
  });

  it('given an empty distribution list, then the command is malformed', () => {
    expect(ContractCommand.safeParse(recordMasterCopy({ distribution: [] })).success).toBe(false);
  });

  it.each([provider, budgetHolder])('given both signatures, when a $role records the master copy, then the role is refused', (actor) => {
    expect(refusal(() => when(bothSigned, recordMasterCopy(), actor)).code).toBe('access.role-not-permitted');
  });
});
