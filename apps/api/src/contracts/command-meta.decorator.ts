import { correlationIdOf, type AuthenticatedRequest } from '@cls/http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { commandIdsOf } from '../idempotency/command-ids';
import type { CommandMeta } from './contracts.service';

/**
 * Who gives a command and the ids that go with it: the authenticated actor, the request's correlation id and the
 * ids the CommandInterceptor gave the request (derived from its Idempotency-Key when it has one).
 */
export const CommandMetadata = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CommandMetadata used on a route that is not authenticated');
  const ids = commandIdsOf(request);
  if (!ids) throw new Error('CommandMetadata used on a route without the CommandInterceptor');
  return { actor: request.actor, correlationId: correlationIdOf(request), ...ids };
});
