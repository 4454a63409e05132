import type { Actor } from '@cls/domain';
import { correlationIdOf, ProblemException } from '@cls/http';
import { type CallHandler, type ExecutionContext, Inject, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { catchError, from, lastValueFrom, throwError, type Observable } from 'rxjs';
import { z } from 'zod';
import { attachCommandIds, commandIdsOfKey, freshCommandIds } from './command-ids';
import { commandProblemOf, isInvalidInput, refusalOf, StoredProblem } from './command-problems';
import { IdempotencyStore, type KeyScope, type StoredResponse } from './idempotency.store';

/** How long commands may take, from the API's configuration. */
export interface CommandSettings {
  waitSeconds: number;
  retryAfterSeconds: number;
}
export const COMMAND_SETTINGS = Symbol('CommandSettings');

/** The header's value: the draft leaves its form to the server; a UUID fits, as do most clients' own schemes. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8 to 128 letters, digits or _.:-')
  .optional();

const keyHeader = 'Idempotency-Key';

const keyProblem = (status: number, code: string, message: string) =>
  new ProblemException(status, code, message, [{ field: keyHeader, rule: code, message }]);

/** Method, route template and the route's parameters: the target a key is bound to. */
const endpointOf = (request: Request): string => {
  const template = z.object({ path: z.string() }).safeParse(request.route);
  return `${request.method} ${template.success ? template.data.path : request.path} ${canonicalize(request.params ?? {}) ?? '{}'}`;
};

/** SHA-256 of the body's JCS form (RFC 8785), so member order and spacing do not make a retry look different. */
const fingerprintOf = (body: unknown): Buffer =>
  createHash('sha256')
    .update(canonicalize(body ?? null) ?? 'null')
    .digest();

/**
 * Every request to the command controllers passes here. What Temporal could not confirm or answer is 503 with
 * Retry-After; a command (POST) is given its ids, and with an Idempotency-Key this also does what the IETF draft
 * "The Idempotency-Key HTTP Header Field" asks:
 *
 * - the key is the caller organisation's, bound on first use to the endpoint and the fingerprint of the body;
 *   the same key on another endpoint or with another body is 422 naming the header;
 * - a retry gets the first outcome (status, body, Location) once there is one: a result or a refusal (4xx);
 * - a retry while the first request still waits for its command is 409 with Retry-After (the draft's answer
 *   for a request still being processed); once that request has given up with a 503, the retry takes the key
 *   and attaches to the same Temporal update, whose id derives from the key;
 * - a body that failed validation leaves no trace, so the key may be used again with the corrected body.
 */
@Injectable()
export class CommandInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Commands');

  constructor(
    private readonly keys: IdempotencyStore,
    @Inject(COMMAND_SETTINGS) private readonly settings: CommandSettings,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const response = context.switchToHttp().getResponse<Response>();
    // A read asks Temporal too (a query), and is answered as a command is when Temporal does not answer.
    if (request.method !== 'POST') return next.handle().pipe(catchError((error: unknown) => throwError(() => this.problemOf(error, request, response))));
    return from(this.command(request, response, next));
  }

  /** What the problem filter is to render for `error`, with Retry-After set where retrying is the remedy. */
  private problemOf(error: unknown, request: Request, response: Response): unknown {
    const { exception, retryAfterSeconds } = commandProblemOf(error, this.settings);
    if (retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(retryAfterSeconds));
      this.logger.warn({ err: error, correlationId: correlationIdOf(request) }, 'Temporal did not answer');
    }
    return exception;
  }

  private async command(request: Request & { actor?: Actor }, response: Response, next: CallHandler): Promise<unknown> {
    const key = IdempotencyKey.safeParse(request.headers['idempotency-key']);
    if (!key.success) {
      const message = key.error.issues[0]?.message ?? 'is invalid';
      throw keyProblem(400, 'request.invalid', `The ${keyHeader} header ${message}`);
    }
    if (key.data === undefined) {
      attachCommandIds(request, freshCommandIds());
      return this.settle(lastValueFrom(next.handle()), request, response);
    }
    if (!request.actor) throw new Error('A command route must be authenticated before its Idempotency-Key is read');
    const scope: KeyScope = { organisation: request.actor.organisation, key: key.data };
    const endpoint = endpointOf(request);
    const claim = await this.keys.claim(scope, { endpoint, fingerprint: fingerprintOf(request.body) }, this.holdMs()).catch((error: unknown) => {
      // Without the key's record the API cannot promise the command applies once, so it is not given: retrying is
      // the remedy, as for Temporal not answering.
      this.logger.warn({ err: error, correlationId: correlationIdOf(request) }, 'The Idempotency-Key store did not answer');
      response.setHeader('Retry-After', String(this.settings.retryAfterSeconds));
      throw new ProblemException(503, 'command.unavailable', `The record of Idempotency-Keys cannot be reached; retry with the same ${keyHeader}`);
    });
    switch (claim.kind) {
      case 'mismatch':
        throw keyProblem(
          422,
          'idempotency.key-reused',
          claim.differs === 'endpoint'
            ? `This ${keyHeader} was first used for another request (${claim.firstEndpoint}); use a new key for each request`
            : `This ${keyHeader} was first used with another body; a retry must repeat the request exactly, a new request needs a new key`,
        );
      case 'in-flight':
        response.setHeader('Retry-After', String(claim.retryAfterSeconds));
        throw keyProblem(409, 'idempotency.in-progress', `A request with this ${keyHeader} is still being processed; retry once it has finished`);
      case 'completed':
        return this.replay(claim.response, response);
      case 'claimed': {
        attachCommandIds(request, commandIdsOfKey(scope, endpoint, claim.seed));
        return this.settle(lastValueFrom(next.handle()), request, response, { scope, seed: claim.seed });
      }
    }
  }

  /**
   * The request holds its key a little longer than it waits for Temporal, so a retry arriving meanwhile is told to
   * come back rather than sent to Temporal beside it; a request that dies leaves the key free once this passes.
   */
  private holdMs(): number {
    return (this.settings.waitSeconds + 10) * 1000;
  }

  private async settle(outcome: Promise<unknown>, request: Request, response: Response, held?: { scope: KeyScope; seed: string }): Promise<unknown> {
    let body: unknown;
    try {
      body = await outcome;
    } catch (error) {
      // The key's bookkeeping must not hide the command's own error; a held key frees itself when its hold ends.
      if (held) await this.keep(held, error).catch((failure: unknown) => this.logger.error({ err: failure }, 'Idempotency-Key not updated'));
      throw this.problemOf(error, request, response);
    }
    if (held) {
      const location = response.getHeader('location');
      // The command is done whether or not its outcome can be kept: a retry once the hold lapses re-attaches to the
      // same Temporal update (its id derives from the key) and is answered the same.
      await this.keys
        .complete(held.scope, held.seed, { status: response.statusCode, body, ...(typeof location === 'string' ? { location } : {}) })
        .catch((failure: unknown) => this.logger.error({ err: failure, correlationId: correlationIdOf(request) }, 'Idempotency-Key outcome not kept'));
    }
    return body;
  }

  /** Keeps a refusal for the retries, forgets a request that never reached Temporal, and frees the key otherwise. */
  private async keep(held: { scope: KeyScope; seed: string }, error: unknown): Promise<void> {
    const refusal = refusalOf(error);
    if (refusal) await this.keys.complete(held.scope, held.seed, { status: refusal.status, body: refusal.problem });
    else if (isInvalidInput(error)) await this.keys.forget(held.scope, held.seed);
    else await this.keys.release(held.scope, held.seed);
  }

  private replay(stored: StoredResponse, response: Response): unknown {
    if (stored.status >= 400) {
      const { code, detail, errors } = StoredProblem.parse(stored.body);
      throw new ProblemException(stored.status, code, detail, errors);
    }
    if (stored.location) response.location(stored.location);
    return stored.body;
  }
}
