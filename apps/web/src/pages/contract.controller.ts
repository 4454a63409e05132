import { Controller, Get, NotFoundException, Param, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { PersonRole } from '../auth/signed-in-user';
import { unlessRefused } from '../backend/backend.client';
import type { ContractScorecard, ContractView, EventPage, Monitoring, PlanView, Progress } from '../backend/read-models';
import { mayGive, mayGivePlanCommand } from '../web/access';
import { ForPage } from '../web/page.guard';
import { Sessions } from '../web/sessions.service';
import { formForStep } from '../forms/command-forms';
import { humanise } from '../views';
import { lineChart, ratingChart } from './charts';
import { londonToday } from './today';

const ContractId = z.uuid();
const PlanId = z.string().min(1).max(300);

/** The commands of an active contract this person may give now, each a link to its form. */
const actionsFor = (role: PersonRole, view: ContractView, monitoring: Monitoring | undefined, today: string) => {
  const contract = `/contracts/${view.contractId}`;
  const management = view.state.management;
  if (view.state.stage !== 'active' || !management) return [];
  const actions: { href: string; text: string }[] = [];
  if (mayGive('SubmitReturn', role)) {
    for (const period of monitoring?.returns ?? []) {
      if (!period.submittedOn && period.status !== 'upcoming') {
        actions.push({ href: `${contract}/returns/new?periodId=${encodeURIComponent(period.periodId)}`, text: `Submit the return for ${period.startDate} to ${period.endDate}` });
      }
    }
  }
  if (mayGive('CommentOnAssessment', role)) {
    for (const assessment of management.assessments) {
      if (!assessment.commentedOn && assessment.commentClosesOn >= today) {
        actions.push({ href: `${contract}/assessments/${encodeURIComponent(assessment.assessmentId)}/comment`, text: `Comment on the assessment of ${assessment.kpi} for ${assessment.periodId}` });
      }
    }
  }
  if (mayGive('LogConcern', role)) actions.push({ href: `${contract}/concerns/new`, text: 'Log a concern or complaint' });
  if (mayGive('OpenCorrectivePlan', role)) actions.push({ href: `${contract}/corrective-plans/new`, text: 'Open a corrective action plan' });
  // Termination in its three steps (DOMAIN.md stage 7): asked for, its supply impact reviewed, then written notice.
  const { requested, supplyImpactReview, notice } = management.termination;
  if (!requested && !notice && mayGive('RequestTermination', role)) actions.push({ href: `${contract}/termination-request/new`, text: 'Ask for termination' });
  if (requested && !supplyImpactReview && mayGive('RecordSupplyImpactReview', role)) actions.push({ href: `${contract}/supply-impact-review/new`, text: 'Review the supply impact of termination' });
  if (requested && supplyImpactReview && !notice && mayGive('GiveTerminationNotice', role)) actions.push({ href: `${contract}/termination-notice/new`, text: 'Give notice of termination' });
  return actions;
};

/** The next steps progress gives this person's role that the console has a form for. */
const stepsFor = (role: PersonRole, view: ContractView, progress: Progress | undefined) =>
  [...new Set((progress?.nextSteps ?? []).filter((step) => step.who === role).map((step) => step.what))].flatMap((what) => {
    const step = formForStep[what];
    return step ? [{ href: `/contracts/${view.contractId}/${step.path}`, text: humanise(what) }] : [];
  });

@Controller()
export class ContractController {
  constructor(private readonly sessions: Sessions) {}

  /**
   * A contract as the person may see it: its stage and what happens next, by when; its KPI ratings and risk rating
   * over time with their reasons; its concerns, plans, returns and reviews; its timeline with who did what and why.
   */
  @Get('contracts/:contractId')
  @ForPage('contract')
  @Render('contract')
  async show(@Req() request: Request, @Param('contractId') contractId: string): Promise<object> {
    if (!ContractId.safeParse(contractId).success) throw new NotFoundException();
    const user = this.sessions.user(request);
    const backend = await this.sessions.backend(request);
    const view = await backend.get<ContractView>('api', `/contracts/${contractId}`);
    const [progress, monitoring, timeline, scorecard] = await Promise.all([
      unlessRefused(backend.get<Progress>('api', `/contracts/${contractId}/progress`)),
      // Monitoring starts when the contract goes live (409 before).
      unlessRefused(backend.get<Monitoring>('api', `/contracts/${contractId}/monitoring`)),
      backend.get<EventPage>('api', `/contracts/${contractId}/timeline`, { limit: '50', order: 'desc' }),
      // The read model follows the record by a moment; a contract it has not seen yet has no scorecard.
      unlessRefused(backend.get<ContractScorecard>('reporting', `/scorecards/contracts/${contractId}`)),
    ]);
    const { state } = view;
    const management = state.management;
    const today = londonToday(view.clock ? new Date(view.clock) : undefined);
    const kpis = (state.specification?.kpis ?? []).map((kpi, index) => {
      const assessed = (management?.assessments ?? []).filter((assessment) => assessment.kpi === kpi.name);
      const guides = [
        ...(kpi.target === undefined ? [] : [{ value: kpi.target, label: `Target ${kpi.target}` }]),
        ...(kpi.rag ? [{ value: kpi.rag.amber, label: `Amber ${kpi.rag.amber}` }] : []),
      ];
      return {
        id: `kpi-${index}`,
        ...kpi,
        assessed,
        chart: assessed.length ? lineChart(assessed.map((assessment) => ({ label: assessment.periodId.split('/')[1] ?? assessment.periodId, value: assessment.value, note: assessment.rating })), guides) : undefined,
      };
    });
    const riskHistory = scorecard?.riskHistory ?? [];
    const startRating = riskHistory[0]?.from ?? management?.risk.rating;
    const ratingPoints = [
      ...(management ? [{ asOf: management.activatedOn, rating: startRating ?? 'green' }] : []),
      ...riskHistory.map((change) => ({ asOf: change.asOf, rating: change.to })),
    ];
    return {
      pageTitle: state.title ?? 'Contract',
      view,
      state,
      management,
      progress,
      monitoring,
      kpis,
      risk: monitoring?.risk,
      riskHistory,
      riskChart: riskHistory.length ? ratingChart(ratingPoints) : undefined,
      concerns: Object.values(management?.concerns ?? {}),
      plans: management?.plans ?? [],
      reviewActions: mayGive('HoldReview', user.role),
      timeline: timeline.events,
      actions: [...stepsFor(user.role, view, progress), ...actionsFor(user.role, view, monitoring, today)],
    };
  }

  /** A corrective action plan's actions, with a link to record progress on each open one for those who may. */
  @Get('plans/:planId')
  @ForPage('contract')
  @Render('plan')
  async plan(@Req() request: Request, @Param('planId') planId: string): Promise<object> {
    if (!PlanId.safeParse(planId).success) throw new NotFoundException();
    const user = this.sessions.user(request);
    const backend = await this.sessions.backend(request);
    const plan = await backend.get<PlanView>('api', `/plans/${encodeURIComponent(planId)}`);
    return {
      pageTitle: `Corrective action plan ${planId}`,
      plan,
      actions: Object.values(plan.state.actions ?? {}),
      mayRecordProgress: mayGivePlanCommand('RecordActionProgress', user.role),
    };
  }
}
