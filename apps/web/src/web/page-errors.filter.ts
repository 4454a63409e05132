import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { IssuerUnavailable } from '../auth/oidc.client';
import { BackendProblem, BackendUnavailable } from '../backend/backend.client';
import { FormExpired, PageForbidden, SignInRequired } from './page-errors';

interface ErrorPage {
  status: number;
  title: string;
  message: string;
}

/**
 * What a person sees when a page cannot be shown: a GOV.UK error page in plain words, never a stack trace. A page
 * the services do not let the person see answers exactly as one that does not exist, as the API does.
 */
@Catch()
export class PageErrorsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const signInAgain = error instanceof SignInRequired || (error instanceof BackendProblem && error.problem.status === 401);
    if (signInAgain) {
      // A token the services no longer accept ends the console's session too.
      delete request.session.user;
      delete request.session.tokens;
      const returnTo = request.method === 'GET' ? request.originalUrl : '/';
      response.redirect(303, `/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      return;
    }
    const page = this.pageFor(error);
    if (page.status >= 500) this.logger.error({ err: error, url: request.originalUrl }, 'page failed');
    response.status(page.status).render('error', { ...page, pageTitle: page.title });
  }

  private pageFor(error: unknown): ErrorPage {
    if (error instanceof FormExpired) {
      return { status: 403, title: 'The form has expired', message: 'Go back, reload the page and submit the form again.' };
    }
    if (error instanceof PageForbidden || (error instanceof BackendProblem && error.problem.status === 403)) {
      return { status: 403, title: 'You cannot open this page', message: 'Your role does not give you access to this page.' };
    }
    if (error instanceof BackendProblem && error.problem.status === 404) return notFound;
    if (error instanceof BackendUnavailable || error instanceof IssuerUnavailable) {
      return { status: 503, title: 'Sorry, the service is unavailable', message: 'Part of the service is not answering. Try again in a few minutes.' };
    }
    if (error instanceof HttpException) {
      return error.getStatus() === 404 ? notFound : { status: error.getStatus(), title: 'There is a problem', message: error.message };
    }
    return { status: 500, title: 'Sorry, there is a problem with the service', message: 'Try again later.' };
  }
}

const notFound: ErrorPage = {
  status: 404,
  title: 'Page not found',
  message: 'If you typed the web address, check it is correct. If you followed a link, you may not have access to what it shows.',
};
