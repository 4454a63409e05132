import { ProblemException } from '@cls/http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { IdempotencyKey } from './contracts.schema';

/** The optional Idempotency-Key header, validated: a malformed key is a 400 that names the header. */
export const IdempotencyKeyHeader = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const parsed = IdempotencyKey.safeParse(context.switchToHttp().getRequest<Request>().headers['idempotency-key']);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'invalid';
  throw new ProblemException(400, 'request.invalid', `The Idempotency-Key header ${message}`, [
    { field: 'Idempotency-Key', rule: parsed.error.issues[0]?.code ?? 'invalid', message },
  ]);
});
