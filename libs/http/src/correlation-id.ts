import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const correlationHeader = 'x-correlation-id';

/** A caller's id is kept only if it is a plausible id; anything else is replaced, never echoed into logs raw. */
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

export type WithCorrelation = IncomingMessage & { correlationId?: string };

export const correlationIdOf = (request: WithCorrelation): string => {
  if (request.correlationId) return request.correlationId;
  const offered = request.headers[correlationHeader];
  const id = typeof offered === 'string' && acceptable.test(offered) ? offered : randomUUID();
  request.correlationId = id;
  return id;
};

/** Express-compatible middleware: every request gets a correlation id, echoed in the response header. */
export const correlationIdMiddleware = (request: WithCorrelation, response: ServerResponse, next: () => void): void => {
  response.setHeader(correlationHeader, correlationIdOf(request));
  next();
};
