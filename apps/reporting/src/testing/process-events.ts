import { contractFixtures } from '@cls/domain/testing';
import type { Actor, ContractSupplier, StoredEvent } from '@cls/domain';
import { randomUUID } from 'node:crypto';

export const organisation = 'gloucestershire-cc';
export const contractManager: Actor = { id: 'u-2', role: 'contract-manager', organisation };
export const systemActor: Actor = { id: 'system', role: 'system', organisation };
export const acme: ContractSupplier = { organisation: 'acme-care', name: 'Acme Care Ltd' };

interface EventOptions {
  actor?: Actor;
  reason?: string;
}

/**
 * Builds the stored events of one contracting process across its streams (contract, tenders, plans): each stream
 * numbered from 1, global positions rising from `firstPosition`, an hour apart from `startsAt`. Data is valid for
 * the domain's schemas.
 */
export const processEvents = (
  contractId: string,
  { startsAt = '2027-01-04T09:00:00.000Z', firstPosition = 1, owner = organisation }: { startsAt?: string; firstPosition?: number; owner?: string } = {},
) => {
  let position = firstPosition - 1;
  const versions = new Map<string, number>();
  const on = (streamId: string, type: string, data: Record<string, unknown>, { actor = contractManager, reason }: EventOptions = {}): StoredEvent => {
    const version = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, version);
    position += 1;
    const at = new Date(Date.parse(startsAt) + (position - firstPosition) * 3_600_000).toISOString();
    return {
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      streamId,
      streamVersion: version,
      globalPosition: String(position),
      data,
      metadata: { actor, ...(reason ? { reason } : {}), correlationId: 'corr-1', causationId: 'cmd-1', occurredAt: at, recordedAt: at },
    };
  };
  const contract = (type: string, data: Record<string, unknown>, options?: EventOptions) => on(`contract-${contractId}`, type, data, options);
  const plan = (sequence: number, type: string, data: Record<string, unknown>, options?: EventOptions) =>
    on(`plan-${contractId}.${sequence}`, type, data, options);
  const tender = (sequence: number, type: string, data: Record<string, unknown>, options?: EventOptions) =>
    on(`tender-${contractId}.${sequence}`, type, data, options);
  const planId = (sequence: number) => `${contractId}.${sequence}`;

  const commissioner: Actor = { ...contractFixtures.commissioner, organisation: owner };
  const withSupplier = (data: Record<string, unknown>, supplier: ContractSupplier): Record<string, unknown> =>
    'supplier' in data ? { ...data, supplier } : data;

  return {
    contract,
    plan,
    tender,
    planId,
    /**
     * The domain's own history of a contract directly awarded and active from 4 January 2027 (quarterly returns,
     * biannual and annual reviews), as this process's stream: every event the domain's fold needs, in its order.
     */
    active: (supplier: ContractSupplier = acme): StoredEvent[] =>
      contractFixtures.activeContract().map((event) =>
        contract(
          event.type,
          event.type === 'CommissionOpened' ? { ...event.data, contractId, organisation: owner, openedBy: commissioner } : withSupplier(event.data, supplier),
          { actor: commissioner, ...(event.reason ? { reason: event.reason } : {}) },
        ),
      ),
    opened: (title = 'Short breaks') =>
      contract('CommissionOpened', { contractId, title, organisation: owner, openedBy: { ...contractFixtures.commissioner, organisation: owner } }),
    routeDecided: (route: 'tender' | 'direct-award') => {
      const decided = contractFixtures.routeDecided(route === 'tender' ? contractFixtures.tenderRoute : contractFixtures.directAwardRoute);
      return contract('RouteDecided', decided.data, {
        actor: contractFixtures.commissioner,
        ...(decided.reason ? { reason: decided.reason } : {}),
      });
    },
    awarded: (supplier: ContractSupplier = acme) =>
      contract('ContractAwarded', { basis: 'direct-award', supplier, valuePence: 1_800_000, awardedAt: '2026-12-01T09:00:00.000Z' }),
    kpiAssessed: (assessmentId: string, kpi: string, rating: string, periodEnd: string) =>
      contract(
        'KpiAssessed',
        {
          assessmentId,
          periodId: `period-${periodEnd}`,
          periodEnd,
          kpi,
          value: 80,
          rating,
          bands: { direction: 'higher-is-better', good: 95, approachingTarget: 90, requiresImprovement: 80 },
          assessedOn: periodEnd,
          commentClosesOn: periodEnd,
          standsOn: periodEnd,
        },
        { actor: systemActor },
      ),
    riskRatingChanged: (changeId: string, from: string, to: 'amber' | 'red', asOf: string) =>
      contract(
        'RiskRatingChanged',
        {
          changeId,
          from,
          to,
          asOf,
          reasons: [
            { rule: 'inadequate-kpis', rating: to, count: 2, threshold: 2, evidence: [{ kind: 'kpi-rating', id: 'assessment-1' }], description: 'Two inadequate KPI ratings' },
          ],
          intensity: { level: to === 'red' ? 'intervention' : 'additional', returnsFrequency: 'monthly', returnsIncreased: true, intervention: to === 'red' },
        },
        { actor: systemActor },
      ),
    concernLogged: (concernId: string, severity: string, receivedOn: string) =>
      contract('ConcernLogged', {
        concernId,
        receivedOn,
        source: 'family',
        category: 'safeguarding',
        severity,
        summary: 'Missed visits',
        handling: 'investigate',
        loggedOn: receivedOn,
      }),
    concernUpdated: (concernId: string, updatedOn: string) =>
      contract('ConcernUpdated', { concernId, status: 'resolved', finding: 'upheld', resolution: 'Rota fixed', updatedOn }),
    returnReminder: (periodId: string, dueOn: string) =>
      contract('ReminderIssued', { subject: 'return', periodId, dueOn }, { actor: systemActor }),
    reviewReminder: (reviewId: string, dueOn: string) =>
      contract('ReminderIssued', { subject: 'review', reviewId, dueOn }, { actor: systemActor }),
    returnSubmitted: (periodId: string, dueDate: string, submittedOn: string) =>
      contract(
        'ReturnSubmitted',
        { periodId, periodStart: '2027-01-04', periodEnd: '2027-03-31', dueDate, submittedOn, late: false, observations: [], evidence: [], unrated: [] },
        { actor: { id: 'p-1', role: 'provider', organisation: acme.organisation } },
      ),
    returnOverdue: (periodId: string, dueDate: string, overdueOn: string) =>
      contract('ReturnOverdue', { periodId, dueDate, overdueOn }, { actor: systemActor }),
    correctivePlanOpened: (sequence: number, openedOn: string) =>
      contract(
        'CorrectivePlanOpened',
        {
          planId: planId(sequence),
          sequence,
          trigger: { kind: 'contract-manager' },
          approach: 'developmental',
          openPlan: {
            contractId,
            sequence,
            contract: { organisation: owner, providerOrganisation: acme.organisation, remediesAllowed: [] },
            trigger: { kind: 'contract-manager' },
            approach: 'developmental',
            problem: 'Missed visits',
            remedies: [],
          },
          openedOn,
        },
        { reason: 'Visits missed three weeks running' },
      ),
    correctivePlanEnded: (sequence: number, outcome: 'successful' | 'failed', closedOn: string) =>
      contract('CorrectivePlanEnded', { planId: planId(sequence), outcome, closedOn }, { actor: systemActor }),
    planOpened: (sequence: number, openedOn: string) =>
      plan(
        sequence,
        'PlanOpened',
        {
          planId: planId(sequence),
          contractId,
          sequence,
          contract: { organisation: owner, providerOrganisation: acme.organisation, remediesAllowed: [] },
          trigger: { kind: 'contract-manager' },
          approach: 'developmental',
          problem: 'Missed visits',
          remedies: [],
          openedBy: contractManager,
          openedOn,
        },
        { reason: 'Visits missed three weeks running' },
      ),
    actionsAgreed: (sequence: number, actions: { actionId: string; dueDate: string }[], agreedOn: string) =>
      plan(sequence, 'ActionsAgreed', {
        actions: actions.map(({ actionId, dueDate }) => ({
          actionId,
          description: `Action ${actionId}`,
          owner: { party: 'provider', name: 'Registered manager' },
          dueDate,
        })),
        agreedOn,
      }),
    milestoneMissed: (sequence: number, actionId: string, dueDate: string, missedOn: string) =>
      plan(sequence, 'MilestoneMissed', { actionId, dueDate, missedOn }, { actor: systemActor }),
    actionCompleted: (sequence: number, actionId: string, dueDate: string, completedOn: string) =>
      plan(sequence, 'ActionCompleted', { actionId, note: 'Done', completedOn, dueDate, late: completedOn > dueDate }),
    planEscalated: (sequence: number, missedActions: string[], reachedOn: string) =>
      plan(
        sequence,
        'PlanEscalated',
        { step: 2, level: 'head-of-service', title: 'Head of service', reachedOn, nextStepOn: '2027-06-01', missedActions },
        { actor: systemActor },
      ),
    planClosed: (sequence: number, outcome: 'successful' | 'failed', closedOn: string) =>
      plan(sequence, 'PlanClosed', { outcome, closedOn }, { reason: 'Plan reviewed at the monthly meeting' }),
    varied: (justificationRequired: boolean, variedOn: string) =>
      contract(
        'ContractVaried',
        {
          variationId: 'variation-1',
          kind: 'price',
          description: 'Uplift for the real living wage',
          valueChangePence: 500_000,
          termChangeDays: 0,
          approver: { name: 'Jo Bloggs', position: 'Head of commissioning' },
          ...(justificationRequired ? { justification: 'Statutory wage rise beyond the variation limit' } : {}),
          cumulative: { valuePercent: justificationRequired ? 27 : 5, valueLimitPercent: 10, termPercent: 0, termLimitPercent: 10, justificationRequired },
          newValuePence: 2_300_000,
          newEndDate: '2030-01-03',
          variedOn,
        },
        { actor: { ...contractFixtures.commissioner, organisation: owner } },
      ),
    abnormallyLowBidAccepted: (sequence: number, bidId: string) =>
      tender(sequence, 'AbnormallyLowBidAccepted', { bidId }, { actor: contractFixtures.commissioner, reason: 'The explanation accounts for the price' }),
    terminated: (effectiveDate: string) =>
      contract('ContractTerminated', { ground: 'persistent-breach', effectiveDate, placementsEnded: [] }, { actor: systemActor }),
    invoiceReceived: (invoiceId: string, amountPence: number, receivedOn: string, dueOn: string) =>
      contract('InvoiceReceived', { invoiceId, amountPence, receivedOn, dueOn }, { actor: { id: 'fin-1', role: 'finance', organisation: owner } }),
    invoicePaid: (invoice: { invoiceId: string; amountPence: number; receivedOn: string; dueOn: string }, paidOn: string, daysToPay: number) =>
      contract('InvoicePaid', { ...invoice, paidOn, daysToPay, late: paidOn > invoice.dueOn }, { actor: { id: 'fin-1', role: 'finance', organisation: owner } }),
    invoiceOverdue: (invoiceId: string, dueOn: string, overdueOn: string) => contract('InvoicePaymentOverdue', { invoiceId, dueOn, overdueOn }, { actor: systemActor }),
  };
};
