import { Actor, DomainError } from '@cls/domain';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';
import { correlationIdOf } from './correlation-id';
import { problem, problemContentType, problemOfDomainError, type ProblemDetails } from './problem-details';
import { fieldProblemsOf } from './zod-problems';

/**
 * The HTTP layer raises these itself: a route that does not exist, a body that is not JSON or too large, a charset
 * or content encoding the body parser does not know, a path parameter that is not percent-encoded UTF-8.
 */
export const httpCodes: Readonly<Record<number, string>> = {
  400: 'request.malformed',
  404: 'route.not-found',
  408: 'request.timeout',
  413: 'request.too-large',
  415: 'request.unsupported-media-type',
  431: 'request.headers-too-large',
};

/** A refusal the HTTP layer raises itself, with a stable code like the domain's. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: ProblemDetails['errors'],
  ) {
    super(message);
  }
}

/**
 * Every error leaves every app as problem+json, through this one filter. Unknown errors are logged in full and
 * answered with a 500 that reveals nothing but the correlation id to quote.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const context = { instance: request.originalUrl ?? request.url, correlationId: correlationIdOf(request) };
    const body = this.toProblem(exception, context);
    if (body.status >= 500) {
      this.logger.error({ err: exception, correlationId: context.correlationId }, 'Unhandled error');
    }
    if (body.status === 403) this.logger.warn(deniedEntry(request, body), 'Request denied');
    response.status(body.status).type(problemContentType).send(JSON.stringify(body));
  }

  private toProblem(exception: unknown, context: { instance: string; correlationId: string }): ProblemDetails {
    if (exception instanceof DomainError) return problemOfDomainError(exception, context);
    if (exception instanceof ProblemException) {
      return problem(exception.status, exception.code, exception.message, context, exception.errors);
    }
    if (exception instanceof ZodValidationException) {
      const zodError = exception.getZodError();
      const errors = zodError instanceof z.ZodError ? fieldProblemsOf(zodError) : [];
      const named = errors.map((e) => `${e.field} (${e.rule})`).join(', ');
      return problem(400, 'request.invalid', `The request is invalid: ${named}`, context, errors);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return problem(status, httpCodes[status] ?? `http.${status}`, exception.message, context);
    }
    if (isClientHttpError(exception)) {
      return problem(exception.status, httpCodes[exception.status] ?? `http.${exception.status}`, exception.message, context);
    }
    return problem(500, 'internal', 'An unexpected error occurred; quote the correlation id when reporting it', context);
  }
}

const RoutePattern = z.object({ path: z.string() });

/**
 * Who was denied what: every 403 of every app passes here, so the governance trail of refusals is one kind of line
 * wherever the rule sits (a role the permission table does not admit, a purchase above a delegated limit, a view).
 * The route is its pattern (`/contracts/:contractId/variations`), the path itself in `instance`.
 */
export const deniedEntry = (request: Request, problem: ProblemDetails): Record<string, unknown> => {
  const actor = Actor.safeParse('actor' in request ? request.actor : undefined);
  const route = RoutePattern.safeParse(request.route);
  return {
    actor: actor.success ? actor.data : null,
    method: request.method,
    route: route.success ? route.data.path : null,
    instance: problem.instance,
    code: problem.code,
    correlationId: problem.correlationId,
  };
};

/**
 * Express's body parser and router throw plain errors with a client status: malformed JSON, too large, an unknown
 * charset (body-parser's http-errors), a path parameter that does not decode (the router's URIError).
 */
const ClientHttpError = z.object({ status: z.number().int().min(400).max(499), message: z.string() });
const isClientHttpError = (value: unknown): value is z.infer<typeof ClientHttpError> =>
  value instanceof Error && ClientHttpError.safeParse(value).success;
