import { correlationIdOf, problem, problemContentType } from '@cls/http';
import type { Request, Response } from 'express';
import { z } from 'zod';

/** The problem details every error carries (see @cls/http), for documenting a 503 that adds what it still knows. */
export const ProblemFields = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(503),
  detail: z.string(),
  instance: z.string(),
  code: z.string(),
  correlationId: z.string(),
});

/**
 * Sets the response up as a 503 problem+json and answers its body: the problem, with `known` beside it. A thrown
 * ProblemException carries no such extension, and a caller that cannot reach one dependency should still see what
 * the others say (positions, lag). Nest sends the returned body with the type set here.
 */
export const unavailable = <Code extends string, Known extends object>(
  request: Request,
  response: Response,
  code: Code,
  detail: string,
  known: Known,
): z.infer<typeof ProblemFields> & { code: Code } & Known => {
  response.status(503).type(problemContentType);
  const body = problem(503, code, detail, { instance: request.originalUrl, correlationId: correlationIdOf(request) });
  return { ...body, status: 503, code, ...known };
};
