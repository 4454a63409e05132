import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { PersonRole } from '../auth/signed-in-user';
import { Backend, BackendProblem } from '../backend/backend.client';
import type { ContractView, Monitoring, PlanView } from '../backend/read-models';
import { commandForms, type CommandForm, type CommandFormName, type Field, type FormContext, type Values } from '../forms/command-forms';
import { formErrorsOf, type FormErrors } from '../forms/form-errors';
import { PageForbidden } from '../web/page-errors';
import { SignedIn } from '../web/page.guard';
import { Sessions } from '../web/sessions.service';
import { londonToday } from './today';

/** A field as the template draws it: what was entered, the error under it, its options marked as chosen. */
interface DrawnField extends Field {
  value?: string;
  error?: string;
  items?: { value: string; text: string; selected: boolean; checked: boolean }[];
}

const drawn = (field: Field, values: Values, errors: FormErrors | undefined): DrawnField => {
  const entered = values[field.id];
  const chosen = Array.isArray(entered) ? entered : entered === undefined ? [] : [entered];
  return {
    ...field,
    ...(typeof entered === 'string' ? { value: entered } : {}),
    ...(errors?.byField[field.id] ? { error: errors.byField[field.id] } : {}),
    ...(field.options ? { items: field.options.map((option) => ({ ...option, selected: chosen.includes(option.value), checked: chosen.includes(option.value) })) } : {}),
  };
};

const listOfEntered = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item) => item.trim() !== '');

/** Consecutive fields of one group (a row of a list) go in one fieldset under its legend. */
const groupsOf = (fields: readonly DrawnField[]): { legend?: string; fields: DrawnField[] }[] => {
  const groups: { legend?: string; fields: DrawnField[] }[] = [];
  for (const field of fields) {
    const last = groups.at(-1);
    if (last && field.group !== undefined && last.legend === field.group) last.fields.push(field);
    else groups.push({ ...(field.group === undefined ? {} : { legend: field.group }), fields: [field] });
  }
  return groups;
};

/** The statuses of a refusal the person can correct or must read: shown on the form, with what they entered. */
const refusalsShownOnTheForm = [400, 409, 422];

/**
 * The everyday commands, one form each: GET draws the form from the contract as it stands, POST gives the command
 * and, once it is taken, returns to the page it changed, which reads the contract again (a command's answer is not
 * its state). A refusal comes back as a GOV.UK error summary linked to the fields the service named.
 */
@Controller()
export class ContractFormsController {
  constructor(private readonly sessions: Sessions) {}

  @Get('contracts/:contractId/concerns/new')
  @SignedIn()
  logConcern(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('log-concern', request, response, params, query);
  }

  @Post('contracts/:contractId/concerns/new')
  @SignedIn()
  giveLogConcern(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('log-concern', request, response, params, values);
  }

  @Get('contracts/:contractId/reviews/:reviewId/minutes')
  @SignedIn()
  reviewMinutes(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('review-minutes', request, response, params, query);
  }

  @Post('contracts/:contractId/reviews/:reviewId/minutes')
  @SignedIn()
  giveReviewMinutes(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('review-minutes', request, response, params, values);
  }

  @Get('contracts/:contractId/corrective-plans/new')
  @SignedIn()
  correctivePlan(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('corrective-plan', request, response, params, query);
  }

  @Post('contracts/:contractId/corrective-plans/new')
  @SignedIn()
  giveCorrectivePlan(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('corrective-plan', request, response, params, values);
  }

  @Get('contracts/:contractId/termination-notice/new')
  @SignedIn()
  terminationNotice(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('termination-notice', request, response, params, query);
  }

  @Post('contracts/:contractId/termination-notice/new')
  @SignedIn()
  giveTerminationNotice(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('termination-notice', request, response, params, values);
  }

  @Get('contracts/:contractId/returns/new')
  @SignedIn()
  submitReturn(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('submit-return', request, response, params, query);
  }

  @Post('contracts/:contractId/returns/new')
  @SignedIn()
  giveSubmitReturn(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('submit-return', request, response, params, values);
  }

  @Get('contracts/:contractId/assessments/:assessmentId/comment')
  @SignedIn()
  assessmentComment(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('assessment-comment', request, response, params, query);
  }

  @Post('contracts/:contractId/assessments/:assessmentId/comment')
  @SignedIn()
  giveAssessmentComment(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('assessment-comment', request, response, params, values);
  }

  @Get('plans/:planId/actions/:actionId/progress')
  @SignedIn()
  planProgress(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('plan-progress', request, response, params, query);
  }

  @Post('plans/:planId/actions/:actionId/progress')
  @SignedIn()
  givePlanProgress(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('plan-progress', request, response, params, values);
  }

  @Get('contracts/:contractId/award/new')
  @SignedIn()
  showDirectAward(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('direct-award', request, response, params, query);
  }

  @Post('contracts/:contractId/award/new')
  @SignedIn()
  giveDirectAward(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('direct-award', request, response, params, values);
  }

  @Get('contracts/:contractId/signatures/new')
  @SignedIn()
  showSign(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('sign', request, response, params, query);
  }

  @Post('contracts/:contractId/signatures/new')
  @SignedIn()
  giveSign(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('sign', request, response, params, values);
  }

  @Get('contracts/:contractId/mobilisation/new')
  @SignedIn()
  showMobilisation(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('mobilisation', request, response, params, query);
  }

  @Post('contracts/:contractId/mobilisation/new')
  @SignedIn()
  giveMobilisation(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('mobilisation', request, response, params, values);
  }

  @Get('contracts/:contractId/activation/new')
  @SignedIn()
  showActivation(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('activation', request, response, params, query);
  }

  @Post('contracts/:contractId/activation/new')
  @SignedIn()
  giveActivation(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('activation', request, response, params, values);
  }

  @Get('contracts/:contractId/termination-request/new')
  @SignedIn()
  showTerminationRequest(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('termination-request', request, response, params, query);
  }

  @Post('contracts/:contractId/termination-request/new')
  @SignedIn()
  giveTerminationRequest(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('termination-request', request, response, params, values);
  }

  @Get('contracts/:contractId/supply-impact-review/new')
  @SignedIn()
  showSupplyImpactReview(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Query() query: Record<string, string>) {
    return this.show('supply-impact-review', request, response, params, query);
  }

  @Post('contracts/:contractId/supply-impact-review/new')
  @SignedIn()
  giveSupplyImpactReview(@Req() request: Request, @Res() response: Response, @Param() params: Record<string, string>, @Body() values: Values) {
    return this.give('supply-impact-review', request, response, params, values);
  }

  private async show(name: CommandFormName, request: Request, response: Response, params: Record<string, string>, query: Record<string, string>): Promise<void> {
    const form: CommandForm = commandForms[name];
    this.permit(form, request);
    const context = await this.contextFor(form, await this.sessions.backend(request), params, query, this.sessions.user(request).role);
    this.render(response, form, context, { ...form.defaults?.(context) }, undefined, 200);
  }

  private async give(name: CommandFormName, request: Request, response: Response, params: Record<string, string>, values: Values): Promise<void> {
    const form: CommandForm = commandForms[name];
    this.permit(form, request);
    const backend = await this.sessions.backend(request);
    const context = await this.contextFor(form, backend, params, {}, this.sessions.user(request).role);
    const key = typeof values['idempotencyKey'] === 'string' ? values['idempotencyKey'] : randomUUID();
    try {
      await backend.post(form.apiPath(context), form.body(values, context), key);
    } catch (error) {
      if (!(error instanceof BackendProblem) || !refusalsShownOnTheForm.includes(error.problem.status)) throw error;
      const fields = form.fields(context).map((field) => ({ ...field, entered: listOfEntered(values[field.id]).length > 0, choice: field.options !== undefined }));
      this.render(response, form, context, values, formErrorsOf(error.problem, fields), error.problem.status === 400 ? 400 : 422);
      return;
    }
    const done = form.done(context);
    this.sessions.flash(request, done.message);
    response.redirect(303, done.href);
  }

  private permit(form: CommandForm, request: Request): void {
    const user = this.sessions.user(request);
    if (!form.permitted(user.role)) throw new PageForbidden(`The ${user.role} role may not give this command`);
  }

  /** The contract (and plan) the form is about, read as the person may see it: one they may not see is a 404. */
  private async contextFor(form: CommandForm, backend: Backend, params: Record<string, string>, query: Record<string, string>, role: PersonRole): Promise<FormContext> {
    const plan = params['planId'] ? await backend.get<PlanView>('api', `/plans/${encodeURIComponent(params['planId'])}`) : undefined;
    const contractId = params['contractId'] ?? plan?.state.contractId ?? '';
    const [view, monitoring] = await Promise.all([
      backend.get<ContractView>('api', `/contracts/${encodeURIComponent(contractId)}`),
      form.needs?.monitoring ? backend.get<Monitoring>('api', `/contracts/${encodeURIComponent(contractId)}/monitoring`) : undefined,
    ]);
    // The contract's own clock where it answers one: a day it counts by, which a test server may have moved on.
    return { contractId, params, query, view, role, today: londonToday(view.clock ? new Date(view.clock) : undefined), ...(monitoring ? { monitoring } : {}), ...(plan ? { plan } : {}) };
  }

  private render(response: Response, form: CommandForm, context: FormContext, values: Values, errors: FormErrors | undefined, status: number): void {
    response.status(status).render('command-form', {
      pageTitle: form.title(context),
      contractTitle: context.view.state.title,
      contractId: context.contractId,
      submit: form.submit,
      groups: groupsOf(form.fields(context).map((field) => drawn(field, values, errors))),
      errorSummary: errors?.summary ?? [],
      // A new key for each drawing of the form: resubmitting this one is safe, and a corrected one is a new command.
      idempotencyKey: randomUUID(),
    });
  }
}
