import { draftNotice, evolveNotices, latestNotice, mayApproveNotices, type NoticeLedger } from '../notices/notice.ledger';
import type { NoticeContent, NoticeEvent, NoticeType } from '../notices/notice.events';
import { afterLondonDay, londonDateOf } from '../policy/london-time';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import { addCalendarDays, addWorkingDays, nextWorkingDayOnOrAfter } from '../policy/working-days';
import type { Actor } from '../shared/envelope.schema';
import { conflict, invalid } from '../shared/errors';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';

/** The key of a contract's own notices within its process (its tenders' are `t<n>`). */
export const contractNoticeKey = 'c';

/** Whether the Procurement Act 2023 covers the contract (the regulated regime), so that it publishes notices. A grant is no public contract. */
export const coveredByTheAct = (contract: OpenContract): boolean => contract.route?.regime === 'regulated' && contract.route.route !== 'grant';

/**
 * A notice its decision's own maker approves as it drafts it, when the policy lets their role approve notices (the
 * actor of both events is that person); otherwise it waits, drafted, for someone who may.
 */
const approvedBy = (actor: Actor, policy: ProcurementPolicy, drafted: NoticeEvent): ContractEvent[] =>
  mayApproveNotices(actor, policy) ? [drafted, { type: 'NoticeApproved', data: { noticeId: drafted.data.noticeId, noticeType: drafted.data.noticeType } }] : [drafted];

const draft = (contract: OpenContract, noticeType: NoticeType, content: NoticeContent, dueBy?: string): NoticeEvent =>
  draftNotice(contract.notices, contractNoticeKey, noticeType, content, dueBy);

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

/**
 * The transparency notice (UK5, s44) that must precede a direct award of a covered contract, naming the supplier
 * and the value the commissioner means to award, on the route's ground. Refusals (conflict):
 * `notice.transparency-not-needed` for a route that is not a covered direct award; `award.not-open` before the
 * specification is agreed; `award.already-made`; `notice.transparency-pending` while one is still unpublished.
 * Its maker approves it when the policy lets their role approve notices.
 */
export const transparencyNotice = (
  contract: OpenContract,
  { supplier, valuePence }: DataOf<'PrepareTransparencyNotice'>,
  actor: Actor,
  policy: ProcurementPolicy,
): ContractEvent[] => {
  const route = contract.route;
  if (route?.route !== 'direct-award' || !coveredByTheAct(contract)) {
    throw conflict('notice.transparency-not-needed', 'A transparency notice precedes the direct award of a contract the Procurement Act 2023 covers');
  }
  if (contract.award) throw conflict('award.already-made', `The contract has already been awarded to ${contract.award.supplier.name}`);
  if (contract.stage !== 'award') throw conflict('award.not-open', `A direct award needs its specification agreed: the contract is at stage ${contract.stage}`);
  const pending = latestNotice(contract.notices, 'UK5');
  if (pending && (pending.status === 'drafted' || pending.status === 'approved')) {
    throw conflict('notice.transparency-pending', `Transparency notice ${pending.noticeId} is ${pending.status} and not yet published`);
  }
  const notice = draft(contract, 'UK5', {
    title: contract.title,
    route: route.route,
    supplier,
    valuePence,
    ...(route.directAwardGround === undefined ? {} : { ground: route.directAwardGround }),
    ...(route.justification === undefined ? {} : { description: route.justification }),
  });
  return approvedBy(actor, policy, notice);
};

/**
 * A direct award of a covered contract waits for its transparency notice (UK5): published, naming the supplier, and
 * its waiting period of the policy's working days (8) over, beginning with the day of publication. Refusals
 * (conflict): `award.transparency-notice-required`, `award.supplier-not-in-transparency-notice` (field
 * `data.supplier.organisation`), `award.transparency-waiting-period` naming the first day the award may be made.
 */
export const requireTransparency = (contract: OpenContract, supplierOrganisation: string, now: string, policy: ProcurementPolicy): void => {
  if (contract.route?.route !== 'direct-award' || !coveredByTheAct(contract)) return;
  const notice = latestNotice(contract.notices, 'UK5');
  if (notice?.status !== 'published' || notice.publishedAt === undefined) {
    throw conflict('award.transparency-notice-required', 'A direct award of a covered contract follows the publication of its transparency notice (UK5)');
  }
  if (notice.content.supplier?.organisation !== supplierOrganisation) {
    throw conflict('award.supplier-not-in-transparency-notice', `The transparency notice names ${notice.content.supplier?.name ?? 'another supplier'}`, 'data.supplier.organisation');
  }
  const firstDay = nextWorkingDayOnOrAfter(londonDateOf(notice.publishedAt), policy.calendar);
  const lastDay = addWorkingDays(firstDay, policy.notices.transparencyWaitingWorkingDays - 1, policy.calendar);
  if (Date.parse(now) < Date.parse(afterLondonDay(lastDay))) {
    throw conflict('award.transparency-waiting-period', `The transparency notice's waiting period runs to ${lastDay}: the award may be made from the day after`);
  }
};

/**
 * A variation under statutory notices: a ground it names must be a permitted one (s74, Schedule 8); a covered
 * contract's modification past the limits must name one, as a justification alone does not permit it, and every
 * modification of a covered contract publishes a contract change notice (UK10). Refusals (invalid, field
 * `data.ground`): `variation.ground-not-permitted`, `variation.permitted-ground-required`.
 */
export const variationNotices = (
  contract: OpenContract,
  varied: ContractEvent,
  actor: Actor,
  policy: ProcurementPolicy,
  monitoring: MonitoringPolicy,
): ContractEvent[] => {
  if (varied.type !== 'ContractVaried') return [varied];
  const { ground, cumulative, variationId, description, newValuePence, newEndDate, variedOn } = varied.data;
  if (ground !== undefined && !monitoring.variation.permittedGrounds.includes(ground)) {
    throw invalid('variation.ground-not-permitted', `${ground} is not a permitted ground: one of ${monitoring.variation.permittedGrounds.join(', ')}`, 'data.ground');
  }
  if (!coveredByTheAct(contract)) return [varied];
  if (cumulative.justificationRequired && ground === undefined) {
    throw invalid(
      'variation.permitted-ground-required',
      `A modification past the limits needs a permitted ground (s74, Schedule 8): one of ${monitoring.variation.permittedGrounds.join(', ')}`,
      'data.ground',
    );
  }
  const notice = draft(contract, 'UK10', {
    title: contract.title,
    subjectId: variationId,
    description,
    valuePence: newValuePence,
    ...(ground === undefined ? {} : { ground }),
    effectiveDate: variedOn,
    ...(contract.issued ? { contractPeriod: { startDate: contract.issued.startDate, endDate: newEndDate } } : {}),
  });
  return [varied, ...approvedBy(actor, policy, notice)];
};

/**
 * The notices a decision's events make due, each drafted from them with its statutory deadline (the policy's days,
 * to the end of the last day, London time), for a contract the Act covers:
 * - the contract details notice (UK7, s53) when the second signature enters the contract into force (Finance is
 *   told): within 30 days, 120 for a light-touch contract;
 * - a contract performance notice (UK9, s71) within 30 days of the annual assessment of a contract worth more than
 *   £5 million, of a corrective action plan that failed (poor performance not remedied), and of notice given on a
 *   breach ground;
 * - the contract termination notice (UK11, s80) within 30 days of the termination taking effect.
 */
export const noticesDue = (contract: OpenContract, events: readonly ContractEvent[], now: string, policy: ProcurementPolicy): NoticeEvent[] => {
  if (!coveredByTheAct(contract)) return [];
  const { route, issued, award } = contract;
  const supplier = issued ? { supplier: { organisation: issued.supplier.organisation, name: issued.supplier.name } } : {};
  const within = (day: string, days: number): string => afterLondonDay(addCalendarDays(day, days));
  const today = londonDateOf(now);
  const drafted: NoticeEvent[] = [];
  // Numbered against what this decision drafts too, should it draft two of a type.
  const draftOne = (noticeType: NoticeType, content: Omit<NoticeContent, 'title'>, dueBy: string): void => {
    const ledger = drafted.reduce<NoticeLedger>((notices, event) => evolveNotices(notices, event), contract.notices ?? {});
    drafted.push(draftNotice(ledger, contractNoticeKey, noticeType, { title: contract.title, ...content }, dueBy));
  };
  const performance = policy.notices.performanceNoticeDays;
  const worth = (issued?.valuePence ?? 0) + (issued?.extensionOptions.reduce((sum, option) => sum + option.valuePence, 0) ?? 0);
  for (const event of events) {
    switch (event.type) {
      case 'FinanceNotified':
        if (!route || !issued) break;
        draftOne(
          'UK7',
          {
            route: route.route,
            ...(route.procedure === undefined ? {} : { procedure: route.procedure }),
            ...(award?.tenderId === undefined ? {} : { tenderId: award.tenderId }),
            ...supplier,
            valuePence: issued.valuePence,
            contractPeriod: { startDate: issued.startDate, endDate: issued.endDate },
            enteredInto: today,
          },
          within(today, route.contractType === 'light-touch' ? policy.notices.lightTouchContractDetailsDays : policy.notices.contractDetailsDays),
        );
        break;
      case 'AnnualPerformanceAssessed':
        if (worth <= policy.notices.performanceAssessmentThresholdPence) break;
        draftOne(
          'UK9',
          {
            ...supplier,
            subjectId: event.data.reviewId,
            description: `Annual assessment ${event.data.from} to ${event.data.to}: ${event.data.kpis.map((kpi) => `${kpi.kpi} ${kpi.rating}`).join('; ')}`,
          },
          within(today, performance),
        );
        break;
      case 'CorrectivePlanEnded':
        if (event.data.outcome !== 'failed') break;
        draftOne('UK9', { ...supplier, subjectId: event.data.planId, description: 'Poor performance not remedied: the corrective action plan failed' }, within(event.data.closedOn, performance));
        break;
      case 'TerminationNoticeGiven':
        if (!policy.notices.breachGrounds.includes(event.data.ground)) break;
        draftOne('UK9', { ...supplier, description: `Breach of contract: notice of termination given on the ground ${event.data.ground}`, effectiveDate: event.data.effectiveDate }, within(event.data.noticeGivenOn, performance));
        break;
      case 'ContractTerminated':
        draftOne(
          'UK11',
          { ...supplier, description: `Terminated on the ground: ${event.data.ground}`, effectiveDate: event.data.effectiveDate },
          within(event.data.effectiveDate, policy.notices.terminationNoticeDays),
        );
        break;
      default:
        break;
    }
  }
  return drafted;
};
