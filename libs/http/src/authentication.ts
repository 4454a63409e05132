import { IssuerUnavailableError, TokenVerifier } from '@cls/auth';
import type { Actor } from '@cls/domain';
import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ProblemException } from './problem-details.filter';

/** The token verifier every app that reads the API's bearer tokens provides, built from its own validated config. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** A caller whose token could not be checked for want of the issuer's keys retries after this many seconds. */
const issuerRetryAfterSeconds = 5;

const logger = new Logger('Authentication');

/**
 * The actor the request's bearer token names. While the issuer's keys cannot be fetched the answer is 503 with
 * Retry-After: the token may well be good, and a 401 would send a person to sign in again for nothing.
 */
export const authenticate = async (verifier: TokenVerifier, request: Request, response: Response): Promise<Actor> => {
  try {
    return await verifier.verify(request.headers.authorization);
  } catch (error) {
    if (!(error instanceof IssuerUnavailableError)) throw error;
    logger.error({ err: error }, 'token issuer unavailable');
    response.setHeader('Retry-After', String(issuerRetryAfterSeconds));
    throw new ProblemException(503, 'auth.issuer-unavailable', 'The token could not be checked: the token issuer cannot be reached; try again shortly');
  }
};

const PUBLIC_ROUTE = 'cls:public-route';

/** Marks a route that needs no token (health, API documentation). Everything else is authenticated. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export type AuthenticatedRequest = Request & { actor?: Actor };

/**
 * Puts the verified actor on the request, the same way in every app: the API puts it into every event's metadata,
 * and a reader of the read models is the same actor as in the API.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    request.actor = await authenticate(this.verifier, request, http.getResponse<Response>());
    return true;
  }
}

/** The authenticated actor; the global AuthGuard has run before any handler that asks for it. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route that is not authenticated');
  return actor;
});
