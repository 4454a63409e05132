import { correlationIdOf, ProblemException, type AuthenticatedRequest } from '@cls/http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { IdempotencyKey } from './contracts.schema';
import type { CommandMeta } from './contracts.service';

/**
 * Who gives a command and the ids that go with it: the authenticated actor, the request's correlation id and
 * the optional Idempotency-Key header (validated: a malformed key is a 400 that names the header).
 */
export const CommandMetadata = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CommandMetadata used on a route that is not authenticated');
  const key = IdempotencyKey.safeParse(request.headers['idempotency-key']);
  if (!key.success) {
    const message = key.error.issues[0]?.message ?? 'invalid';
    throw new ProblemException(400, 'request.invalid', `The Idempotency-Key header ${message}`, [
      { field: 'Idempotency-Key', rule: key.error.issues[0]?.code ?? 'invalid', message },
    ]);
  }
  return {
    actor: request.actor,
    correlationId: correlationIdOf(request),
    ...(key.data === undefined ? {} : { idempotencyKey: key.data }),
  };
});
