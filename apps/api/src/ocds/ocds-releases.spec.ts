import { contractFixtures } from '@cls/domain/testing';
import type { Actor, ContractCommand, StoredEvent } from '@cls/domain';
import { codelist, recordPackageErrors, releasePackageErrors } from './__fixtures__/ocds-schemas';
import {
  awardDay,
  awardNoticePublishedAt,
  cancelledAndRetendered,
  closesAt,
  directAwardToActive,
  endDate,
  openTenderToActive,
  publishedAt,
  restrictedToInvitation,
  startDate,
  ProcessScript,
} from './__fixtures__/processes';
import { ocidOf, recordPackageOf, releasePackageOf, releasesOf, type OcdsPublication } from './ocds-releases';
import type { CompiledRelease, Release } from './ocds.types';

const publication: OcdsPublication = {
  ocidPrefix: 'ocds-abc123',
  publisher: { name: 'Gloucestershire County Council', uri: 'https://www.gloucestershire.gov.uk' },
  baseUrl: 'https://contracts.example.gov.uk/api',
  license: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
};
const { contractId, organisation } = contractFixtures;
const tenderId = `${contractId}.1`;
const ocid = `ocds-abc123-${contractId}`;

const exported = (script: ProcessScript) => {
  const stored = script.stored();
  const releases = releasesOf(script.contractId, stored, publication);
  return {
    stored,
    releases,
    releasePackage: releasePackageOf(script.contractId, releases, publication),
    recordPackage: recordPackageOf(script.contractId, releases, publication),
  };
};

const compiledOf = (script: ProcessScript): CompiledRelease => {
  const [record] = exported(script).recordPackage.records;
  return record.compiledRelease;
};

/** Each release as the event it came from and its tags. */
const tagsBySource = (stored: readonly StoredEvent[], releases: readonly Release[]): [string, string][] =>
  releases.map((release) => [stored.find((event) => event.eventId === release.id)?.type ?? '?', release.tag.join(',')]);

describe('OCDS export: an open tender from the need to a contract in force', () => {
  const { stored, releases, releasePackage, recordPackage } = exported(openTenderToActive());

  it('given the process, then the release package and the record package validate against the OCDS 1.1.5 schemas', () => {
    expect(releasePackageErrors(releasePackage)).toEqual([]);
    expect(recordPackageErrors(recordPackage)).toEqual([]);
  });

  it('then one release per published change, each tagged by what it changed, oldest first', () => {
    expect(tagsBySource(stored, releases)).toEqual([
      ['CommissionOpened', 'planning'],
      ['NeedsAssessmentRecorded', 'planningUpdate'],
      ['RouteDecided', 'planningUpdate'],
      ['SpecificationAgreed', 'planningUpdate'],
      ['TenderPublished', 'tender'],
      ['NoticePublished', 'tenderUpdate'],
      ['ClarificationAnswered', 'tenderUpdate'],
      ['TenderClosed', 'tenderUpdate'],
      ['AwardDecided', 'award'],
      ['NoticePublished', 'awardUpdate'],
      ['StandstillStarted', 'awardUpdate'],
      ['StandstillEnded', 'awardUpdate'],
      ['ContractIssued', 'contract'],
      ['ContractSigned', 'contractUpdate'],
      ['NoticePublished', 'contractUpdate'],
      ['ContractActivated', 'implementation'],
    ]);
    expect(releases.map((release) => release.date)).toEqual([...releases.map((release) => release.date)].sort());
  });

  it('then every release carries the process ocid, the id of its event and the time it occurred', () => {
    for (const release of releases) {
      const source = stored.find((event) => event.eventId === release.id);
      expect(release).toMatchObject({ ocid, initiationType: 'tender', date: source?.metadata.occurredAt });
    }
    expect(ocidOf('ocds-abc123', contractId)).toBe(ocid);
    expect(releasePackage).toMatchObject({
      uri: `https://contracts.example.gov.uk/api/contracts/${contractId}/ocds/releases`,
      version: '1.1',
      publisher: publication.publisher,
      license: publication.license,
      publishedDate: releases.at(-1)?.date,
    });
  });

  it('then the same events give the same releases whatever order they are read in', () => {
    const reversed = releasesOf(contractId, [...stored].reverse(), publication);
    expect(reversed).toEqual(releases);
  });

  it('then the tender release publishes the procedure, the criteria and the periods, and the award is pending during standstill', () => {
    const tender = releases.find((release) => release.tag.includes('tender'));
    expect(tender?.tender).toEqual({
      id: tenderId,
      title: 'Short breaks for disabled children',
      status: 'active',
      procurementMethod: 'open',
      procurementMethodDetails: 'Open procedure; above the Procurement Act 2023 threshold',
      awardCriteria: 'ratedCriteria',
      awardCriteriaDetails: 'Price (price): 40%; Quality of care (quality): 50%; Social value (social-value): 10%',
      tenderPeriod: { startDate: publishedAt, endDate: closesAt },
      enquiryPeriod: { startDate: publishedAt, endDate: '2026-12-14T12:00:00.000Z' },
    });
    const award = releases.find((release) => release.tag.includes('award'));
    expect(award?.awards).toEqual([
      expect.objectContaining({ id: `${tenderId}-award-1`, status: 'pending', date: awardDay, value: { amount: 290_000, currency: 'GBP' } }),
    ]);
    const ended = stored.find((event) => event.type === 'StandstillEnded');
    expect(releases.find((release) => release.id === ended?.eventId)?.awards).toEqual([{ id: `${tenderId}-award-1`, status: 'active' }]);
  });

  it('then the compiled release shows the tender complete, the award active and the contract in force', () => {
    const [record] = recordPackage.records;
    expect(record.ocid).toBe(ocid);
    expect(record.releases).toEqual(releases);
    expect(record).not.toHaveProperty('versionedRelease');
    expect(recordPackage.packages).toEqual([releasePackage.uri]);
    const compiled = record.compiledRelease;
    expect(compiled).toMatchObject({
      ocid,
      id: `${ocid}-${releases.at(-1)?.date}`,
      date: releases.at(-1)?.date,
      tag: ['compiled'],
      buyer: { id: organisation },
      planning: { rationale: 'Families of disabled children lack overnight respite (client group: Disabled children aged 0-18 and their families)' },
      tender: {
        id: tenderId,
        status: 'complete',
        procurementMethod: 'open',
        mainProcurementCategory: 'services',
        value: { amount: 320_000, currency: 'GBP' },
        numberOfTenderers: 2,
        hasEnquiries: true,
        awardPeriod: { startDate: closesAt, endDate: awardDay },
        documents: [
          expect.objectContaining({ id: 'FTS-t1-UK4-1', documentType: 'tenderNotice', noticeType: 'UK4' }),
          expect.objectContaining({ id: `${tenderId}-clarification-Q1`, documentType: 'clarifications' }),
        ],
      },
      awards: [
        {
          id: `${tenderId}-award-1`,
          status: 'active',
          date: awardDay,
          value: { amount: 290_000, currency: 'GBP' },
          suppliers: [{ id: 'alpha-care', name: 'Alpha Care' }],
          description: expect.stringContaining('Standstill'),
        },
      ],
      contracts: [
        {
          id: contractId,
          awardID: `${tenderId}-award-1`,
          status: 'active',
          description: expect.any(String),
          period: { startDate: `${startDate}T00:00:00Z`, endDate: `${endDate}T23:59:59Z` },
          value: { amount: 290_000, currency: 'GBP' },
          dateSigned: '2027-01-21T10:00:00.000Z',
          implementation: { milestones: [expect.objectContaining({ type: 'delivery', status: 'met', dateMet: `${startDate}T00:00:00Z` })] },
        },
      ],
    });
    // A tender route needs no justification: the null its route decision published is merged away.
    expect(compiled.tender).not.toHaveProperty('procurementMethodRationale');
  });

  it('then the parties are the buyer and the bidders in time, by organisation id, the winner also as supplier', () => {
    expect(compiledOf(openTenderToActive()).parties).toEqual([
      { id: organisation, roles: ['buyer', 'procuringEntity'] },
      { id: 'alpha-care', name: 'Alpha Care', roles: ['tenderer', 'supplier'] },
      { id: 'bravo-care', name: 'Bravo Care', roles: ['tenderer'] },
    ]);
  });

  it('then no losing bid is published: neither its price nor a late bidder', () => {
    const published = JSON.stringify(recordPackage);
    expect(published).not.toContain('300000');
    expect(published).not.toContain('280000');
    expect(published).not.toContain('delta-care');
  });

  it('then every code from an open codelist is one the codelist has', () => {
    const compiled = recordPackage.records[0].compiledRelease;
    const roles = new Set(compiled.parties?.flatMap((party) => party.roles));
    expect([...roles].every((role) => codelist('partyRole').has(role))).toBe(true);
    expect(codelist('awardCriteria').has(compiled.tender?.awardCriteria ?? '')).toBe(true);
    expect(compiled.tender?.documents?.every((document) => codelist('documentType').has(document.documentType))).toBe(true);
    expect(compiled.contracts?.[0]?.implementation?.milestones?.every((milestone) => codelist('milestoneType').has(milestone.type))).toBe(true);
  });
});

describe('OCDS export: non-tendered routes', () => {
  it('given a direct award, then the method is direct with its justification, and the award is active at once', () => {
    const { stored, releases, releasePackage, recordPackage } = exported(directAwardToActive());
    expect(releasePackageErrors(releasePackage)).toEqual([]);
    expect(recordPackageErrors(recordPackage)).toEqual([]);
    expect(tagsBySource(stored, releases).map(([type, tag]) => `${type}:${tag}`)).toEqual([
      'CommissionOpened:planning',
      'NeedsAssessmentRecorded:planningUpdate',
      'RouteDecided:planningUpdate',
      'SpecificationAgreed:planningUpdate',
      'ContractAwarded:award',
      'ContractIssued:contract',
      'ContractSigned:contractUpdate',
      'ContractActivated:implementation',
    ]);
    expect(recordPackage.records[0].compiledRelease).toMatchObject({
      tender: {
        id: contractId,
        status: 'complete',
        procurementMethod: 'direct',
        procurementMethodDetails: 'Direct award; below the local threshold: a proportionate process',
        procurementMethodRationale: contractFixtures.directAwardRoute.justification,
      },
      awards: [{ id: `${contractId}-award-1`, status: 'active', value: { amount: 18_000, currency: 'GBP' }, suppliers: [{ id: 'acme-care', name: 'Acme Care Ltd' }] }],
      contracts: [{ id: contractId, awardID: `${contractId}-award-1`, status: 'active' }],
      parties: [
        { id: organisation, roles: ['buyer', 'procuringEntity'] },
        { id: 'acme-care', name: 'Acme Care Ltd', roles: ['supplier'] },
      ],
    });
    expect(recordPackage.records[0].compiledRelease.tender).not.toHaveProperty('numberOfTenderers');
  });

  it('given a grant, then it is direct too: one recipient named without competition', () => {
    expect(compiledOf(directAwardToActive('grant')).tender).toMatchObject({ procurementMethod: 'direct', procurementMethodDetails: expect.stringMatching(/^Grant;/) });
  });
});

describe('OCDS export: a cancelled tender and the next one', () => {
  const script = cancelledAndRetendered();
  const { stored, releases, releasePackage, recordPackage } = exported(script);

  it('given a cancellation with its reason, then a tenderCancellation release, and the next tender replaces the tender section', () => {
    expect(releasePackageErrors(releasePackage)).toEqual([]);
    expect(recordPackageErrors(recordPackage)).toEqual([]);
    expect(tagsBySource(stored, releases).slice(4).map(([type, tag]) => `${type}:${tag}`)).toEqual([
      'TenderPublished:tender',
      'NoticePublished:tenderUpdate',
      'ClarificationAnswered:tenderUpdate',
      'TenderCancelled:tenderCancellation',
      'NoticePublished:tenderUpdate',
      'TenderPublished:tender',
      'NoticePublished:tenderUpdate',
    ]);
    const cancelled = releases.find((release) => release.tag.includes('tenderCancellation'));
    expect(cancelled?.tender).toEqual({
      id: tenderId,
      status: 'cancelled',
      documents: [expect.objectContaining({ documentType: 'cancellationDetails', description: 'Budget withdrawn by the cabinet' })],
    });
    const compiled = recordPackage.records[0].compiledRelease;
    expect(compiled.tender).toMatchObject({
      id: `${contractId}.2`,
      status: 'active',
      tenderPeriod: { startDate: '2027-01-04T09:00:00.000Z', endDate: '2027-02-01T12:00:00.000Z' },
    });
    // What the first tender said about enquiries does not carry over to the second.
    expect(compiled.tender).not.toHaveProperty('hasEnquiries');
  });
});

describe('OCDS export: a restricted procedure', () => {
  const { stored, releases, releasePackage } = exported(restrictedToInvitation());

  it('given requests to participate, then the method is selective and the tender period ends when the shortlist is invited to tender', () => {
    expect(releasePackageErrors(releasePackage)).toEqual([]);
    const tender = releases.find((release) => release.tag.includes('tender'))?.tender;
    expect(tender).toMatchObject({
      procurementMethod: 'selective',
      procurementMethodDetails: expect.stringContaining(`requests to participate close at ${closesAt}`),
      tenderPeriod: { startDate: publishedAt, endDate: null },
    });
    expect(tagsBySource(stored, releases).at(-1)).toEqual(['InvitationToTenderIssued', 'tenderUpdate']);
    const [record] = recordPackageOf(contractId, releases, publication).records;
    expect(record.compiledRelease.tender).toMatchObject({
      tenderPeriod: { startDate: publishedAt, endDate: '2027-02-01T12:00:00.000Z' },
      enquiryPeriod: { endDate: '2027-01-25T12:00:00.000Z' },
    });
    // Who asked to participate, and the shortlist, stay unpublished.
    expect(record.compiledRelease).not.toHaveProperty('parties.1');
  });
});

describe('OCDS export: events it does not know', () => {
  it('given an event type this build does not know, then it is left out and the rest is exported', () => {
    const stored = directAwardToActive().stored();
    const last = stored.at(-1);
    if (!last) throw new Error('no events');
    const unknown: StoredEvent = {
      ...last,
      eventId: '00000000-0000-4000-8000-999999999999',
      type: 'ContractRenegotiatedByTelepathy',
      streamVersion: last.streamVersion + 1,
      globalPosition: String(Number(last.globalPosition) + 1),
    };
    expect(releasesOf(contractId, [...stored, unknown], publication)).toEqual(releasesOf(contractId, stored, publication));
  });

  it('given events of other streams of the process, then only the contract and its tenders speak', () => {
    const stored = directAwardToActive().stored();
    const [first] = stored;
    if (!first) throw new Error('no events');
    const plan: StoredEvent = { ...first, eventId: '00000000-0000-4000-8000-888888888888', streamId: `plan-${contractId}.1`, type: 'PlanOpened' };
    expect(releasesOf(contractId, [...stored, plan], publication)).toHaveLength(8);
  });
});

describe('OCDS export: a contract managed to its end', () => {
  const script = new ProcessScript();
  const recorded = contractFixtures.driveWithDeadlines(contractFixtures.managementStory(), {
    until: contractFixtures.storyEnd,
  });
  script.recorded.push(
    ...recorded.map(({ event, at, deadline }) => ({
      streamId: `contract-${script.contractId}`,
      event,
      actor: deadline ? contractFixtures.system : contractFixtures.contractManager,
      at,
    })),
  );
  const { stored, releases, releasePackage, recordPackage } = exported(script);

  it('publishes returns and reviews as implementation milestones, the termination, and nothing else of the day-to-day management, and still validates', () => {
    expect(releasePackageErrors(releasePackage)).toEqual([]);
    expect(recordPackageErrors(recordPackage)).toEqual([]);
    const tags = tagsBySource(stored, releases);
    expect(tags.filter(([, tag]) => tag.startsWith('implementation') || tag === 'contractTermination')).toEqual([
      ['ContractActivated', 'implementation'],
      ['ReturnOverdue', 'implementation'],
      // The overdue return arrives: the milestone already published is updated.
      ['ReturnSubmitted', 'implementationUpdate'],
      ['ReviewHeld', 'implementation'],
      ['ReturnSubmitted', 'implementation'],
      ['ReturnSubmitted', 'implementation'],
      ['ReturnSubmitted', 'implementation'],
      ['ContractTerminated', 'contractTermination'],
    ]);
    expect(tags.some(([type]) => ['KpiAssessed', 'RiskRatingChanged', 'ConcernLogged', 'EscalationRaised', 'CorrectivePlanOpened'].includes(type))).toBe(false);
    const [record] = recordPackage.records;
    const contract = record?.compiledRelease.contracts?.[0];
    expect(contract).toMatchObject({ status: 'terminated' });
    expect(contract?.implementation?.milestones?.find((milestone) => milestone.id.endsWith('-return-2027-01-04/2027-04-03'))).toEqual({
      id: `${script.contractId}-return-2027-01-04/2027-04-03`,
      title: 'Provider return for 2027-01-04 to 2027-04-03',
      type: 'reporting',
      status: 'met',
      dueDate: '2027-05-01T23:59:59Z',
      dateMet: '2027-05-20T00:00:00Z',
    });
    expect(contract?.implementation?.milestones?.every((milestone) => codelist('milestoneType').has(milestone.type))).toBe(true);
  });
});

describe('OCDS export: a contract monitored, varied and extended', () => {
  const { activeContract, at, commissioner: buyer, contractManager: manager, lead, whenAt } = contractFixtures;
  const script = new ProcessScript();
  const history = activeContract();
  script.recorded.push(...history.map((event) => ({ streamId: `contract-${script.contractId}`, event, actor: manager, at: contractFixtures.now })));
  const step = (date: string, command: ContractCommand, actor: Actor) => {
    const events = whenAt(at(date), history, command, actor);
    history.push(...events);
    script.recorded.push(...events.map((event) => ({ streamId: `contract-${script.contractId}`, event, actor, at: at(date) })));
  };
  const attendees = [
    { name: 'Jo Reed', role: 'lead-professional' as const },
    { name: 'Max Grant', role: 'contract-manager' as const },
    { name: 'Sam Patel', role: 'provider' as const, organisation: 'acme-care' },
  ];
  step('2027-03-01', { type: 'RecordMonitoringReport', data: { kind: 'operational', from: '2027-01-04', to: '2027-02-28', summary: 'Three placements reviewed', findings: [], evidence: [], additionalMonitoringRecommended: false } }, lead);
  step(
    '2027-04-01',
    { type: 'VaryContract', data: { kind: 'price', description: 'Inflation uplift', valueChangePence: 90_000, termChangeDays: 0, approver: { name: 'Alex Morgan', position: 'Head of Commissioning' } } },
    manager,
  );
  step('2028-01-05', { type: 'HoldReview', data: { reviewId: 'annual-2028-01-04', attendees, minutes: 'The year reviewed against the specification', actions: [] } }, lead);
  step('2029-06-01', { type: 'ExerciseExtension', data: { option: 0, newEndDate: '2031-01-03', note: 'Provider performing well' } }, buyer);
  const { stored, releases, releasePackage, recordPackage } = exported(script);

  it('given the process, then both packages validate against the OCDS 1.1.5 schemas', () => {
    expect(releasePackageErrors(releasePackage)).toEqual([]);
    expect(recordPackageErrors(recordPackage)).toEqual([]);
  });

  it('then delivery is tagged implementation, and the variation and the extension contractAmendment', () => {
    expect(tagsBySource(stored, releases).slice(-6)).toEqual([
      ['ContractActivated', 'implementation'],
      ['MonitoringReportRecorded', 'implementation'],
      ['ContractVaried', 'contractAmendment'],
      ['ReviewHeld', 'implementation'],
      ['AnnualPerformanceAssessed', 'implementation'],
      ['ExtensionExercised', 'contractAmendment'],
    ]);
  });

  it('then the compiled contract holds both amendments, the value and end they made, and the milestones and reports of its delivery', () => {
    const contract = recordPackage.records[0].compiledRelease.contracts?.[0];
    expect(contract?.amendments?.map((amendment) => amendment.id)).toEqual(['variation-1', 'extension-0']);
    // £15,000 issued, £900 more by variation, £3,000 more by the extension option.
    expect(contract).toMatchObject({ value: { amount: 18_900, currency: 'GBP' }, period: { endDate: '2031-01-03T23:59:59Z' } });
    expect(contract?.implementation?.milestones?.map((milestone) => [milestone.type, milestone.status])).toEqual([
      ['delivery', 'met'],
      ['assessment', 'met'],
    ]);
    const documents = contract?.implementation?.documents ?? [];
    expect(documents.map((document) => document.documentType)).toEqual(['physicalProgressReport', 'physicalProgressReport']);
    expect(documents.every((document) => codelist('documentType').has(document.documentType))).toBe(true);
    expect(documents[1]?.title).toContain('key performance indicators, 2027-01-04 to 2028-01-03');
  });
});

describe('OCDS export: Procurement Act notices', () => {
  const { stored, releases, releasePackage } = exported(openTenderToActive());
  const noticeReleases = releases.filter((release) => stored.find((event) => event.eventId === release.id)?.type === 'NoticePublished');
  const documentsOf = (release: Release) => [
    ...(release.tender?.documents ?? []),
    ...(release.awards ?? []).flatMap((award) => award.documents ?? []),
    ...(release.contracts ?? []).flatMap((contract) => contract.documents ?? []),
  ];

  it('given a covered open tender, then its tender, contract award and contract details notices are published in that order, each marked with its notice type', () => {
    expect(releasePackageErrors(releasePackage)).toEqual([]);
    expect(noticeReleases.map((release) => documentsOf(release).map((document) => document.noticeType))).toEqual([['UK4'], ['UK6'], ['UK7']]);
    expect(noticeReleases.map((release) => release.tag)).toEqual([['tenderUpdate'], ['awardUpdate'], ['contractUpdate']]);
  });

  it('then each notice is a document of the section it announces, identified by the platform, with its publication time and a documentType code', () => {
    const [tenderNotice, awardNotice, contractNotice] = noticeReleases;
    expect(tenderNotice?.tender).toEqual({
      id: tenderId,
      documents: [
        {
          id: 'FTS-t1-UK4-1',
          documentType: 'tenderNotice',
          noticeType: 'UK4',
          title: 'Tender notice: Short breaks for disabled children',
          datePublished: publishedAt,
        },
      ],
    });
    expect(awardNotice?.awards).toEqual([
      {
        id: `${tenderId}-award-1`,
        documents: [expect.objectContaining({ id: 'FTS-t1-UK6-1', documentType: 'awardNotice', noticeType: 'UK6', datePublished: awardNoticePublishedAt })],
      },
    ]);
    expect(contractNotice?.contracts).toEqual([
      {
        id: contractId,
        awardID: `${tenderId}-award-1`,
        documents: [expect.objectContaining({ id: 'FTS-c-UK7-1', documentType: 'contractNotice', noticeType: 'UK7', datePublished: '2027-01-21T15:00:00.000Z' })],
      },
    ]);
    expect(noticeReleases.flatMap(documentsOf).every((document) => codelist('documentType').has(document.documentType))).toBe(true);
  });

  it('then each notice on its own, as a release package of one release, validates against the OCDS 1.1.5 schema', () => {
    for (const release of noticeReleases) {
      expect(releasePackageErrors(releasePackageOf(contractId, [release], publication))).toEqual([]);
    }
  });

  it('then the standstill published runs from the contract award notice, not from the award decision', () => {
    const started = stored.find((event) => event.type === 'StandstillStarted');
    expect(started?.data).toMatchObject({ noticeId: 't1-UK6-1', noticePublishedOn: '2027-01-05', firstDay: '2027-01-05', lastDay: '2027-01-14' });
    const release = releases.find((candidate) => candidate.id === started?.eventId);
    expect(release?.awards?.[0]?.description).toBe(
      "Standstill from 2027-01-05 to 2027-01-14, from the contract award notice's publication; the award takes effect when it ends",
    );
  });

  it('given a cancelled covered tender, then its procurement termination notice (UK12) is published on the tender it ends', () => {
    const cancelled = exported(cancelledAndRetendered());
    const uk12 = cancelled.releases.find((release) => release.tender?.documents?.some((document) => document.noticeType === 'UK12'));
    expect(uk12?.tender).toMatchObject({ id: tenderId, documents: [expect.objectContaining({ documentType: 'tenderNotice', noticeType: 'UK12', description: 'Budget withdrawn by the cabinet' })] });
  });
});
