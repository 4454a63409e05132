import { DomainError, forbidden, type Actor } from '@cls/domain';
import { type ArgumentsHost, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemDetailsFilter, ProblemException } from './problem-details.filter';

const actor: Actor = { id: 'fay', role: 'finance', organisation: 'somerset-council' };

/** A request as Express hands it to the filter once routing and the auth guard have run. */
const requestTo = (path: string, pattern: string, who?: Actor): Request =>
  ({
    method: 'POST',
    url: path,
    originalUrl: path,
    route: { path: pattern },
    headers: { 'x-correlation-id': 'corr-denied-1' },
    ...(who ? { actor: who } : {}),
  }) as unknown as Request;

const answer = (filter: ProblemDetailsFilter, exception: unknown, request: Request): { status: number; body: Record<string, unknown> } => {
  const sent: { status: number; body: string } = { status: 0, body: '' };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    type: () => response,
    send(body: string) {
      sent.body = body;
      return response;
    },
  } as unknown as Response;
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  filter.catch(exception, host);
  return { status: sent.status, body: JSON.parse(sent.body) as Record<string, unknown> };
};

describe('ProblemDetailsFilter', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('logs a domain denial once with the actor, the route and the correlation id, and answers 403 problem+json', () => {
    const path = '/contracts/7f0c1c9e-2b1a-4a57-9d0e-4b1a2f0c9e11/variations';
    const { status, body } = answer(
      new ProblemDetailsFilter(),
      forbidden('access.role-not-permitted', 'The role finance may not give the command VaryContract'),
      requestTo(path, '/contracts/:contractId/variations', actor),
    );
    expect(status).toBe(403);
    expect(body).toMatchObject({ status: 403, code: 'access.role-not-permitted', correlationId: 'corr-denied-1', instance: path });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      {
        actor,
        method: 'POST',
        route: '/contracts/:contractId/variations',
        instance: path,
        code: 'access.role-not-permitted',
        correlationId: 'corr-denied-1',
      },
      'Request denied',
    );
  });

  it('logs a 403 the HTTP layer raises itself too, and names no actor when there is none', () => {
    answer(new ProblemDetailsFilter(), new ProblemException(403, 'access.view-not-permitted', 'Not for this role'), requestTo('/audit/verify', '/audit/verify'));
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ actor: null, code: 'access.view-not-permitted', route: '/audit/verify' }), 'Request denied');
  });

  it('does not log refusals that are not denials', () => {
    const { status } = answer(
      new ProblemDetailsFilter(),
      new DomainError('invalid', 'variation.beyond-limit-needs-justification', 'Justify it', 'data.justification'),
      requestTo('/contracts/x/variations', '/contracts/:contractId/variations', actor),
    );
    expect(status).toBe(422);
    expect(warn).not.toHaveBeenCalled();
  });
});
