import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ZodValidationPipe } from 'nestjs-zod';
import { correlationHeader, correlationIdMiddleware } from './correlation-id';
import { problem, problemContentType } from './problem-details';
import { ProblemDetailsFilter, ProblemException } from './problem-details.filter';
import { maxUnstorableTextProblems, unstorableTextProblems } from './storable-text';

/**
 * Refuses text PostgreSQL could not store, wherever the request carries it: a path parameter, a query parameter, a
 * body at any depth, a field name. It runs as a global guard because only a guard sees all three, the path's named
 * parameters included, before any pipe, interceptor or handler: a NUL in a concern's summary would otherwise pass
 * validation and jam the contract's workflow when its event cannot be appended.
 */
@Injectable()
export class StorableTextGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const errors = [request.params, request.query, request.body].flatMap((part: unknown) => unstorableTextProblems(part)).slice(0, maxUnstorableTextProblems);
    if (errors.length === 0) return true;
    throw new ProblemException(400, 'request.invalid', `The request is invalid: ${errors.map((e) => `${e.field} (${e.rule})`).join(', ')}`, errors);
  }
}

const jsonTypes = ['application/json', 'application/*+json'];

/**
 * Every body the apps read is JSON. Without this a form-encoded body would be parsed and validated like JSON (every
 * value a string), and any other type would reach validation as no body at all, a misleading 400. A guard, like the
 * text check, so that who is asking is settled first: an unauthenticated caller learns 401 whatever it sends.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (request.headers['content-length'] === '0' || request.is(jsonTypes) !== false) return true;
    throw new ProblemException(415, 'request.unsupported-media-type', `A request body must be JSON (${jsonTypes.join(' or ')})`);
  }
}

/** What Node's own answer would have been (`_http_server.js`), with its stable code. */
const clientErrorAnswers: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'request.headers-too-large', detail: 'The request’s header fields are larger than the server accepts' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, code: 'request.too-large', detail: 'The request’s chunk extensions are larger than the server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request.timeout', detail: 'The request was not received in time' },
};
const malformed = { status: 400, code: 'request.malformed', detail: 'The request is not valid HTTP' };

/** The request's target when the rejected bytes begin with a request line, so the problem can say which it was. */
const targetOf = (rawPacket: unknown): string => {
  if (!Buffer.isBuffer(rawPacket)) return '';
  return /^[A-Z]{3,10} ([\x21-\x7e]{1,2048}) HTTP\/1\.[01]\r\n/.exec(rawPacket.subarray(0, 2100).toString('latin1'))?.[1] ?? '';
};

/**
 * Node's HTTP parser refuses some requests before Express ever sees them (header fields beyond its limit, bytes
 * that are not HTTP) and answers them with a bare status line. This answers them as every other refusal is
 * answered, problem+json with a correlation id that is also logged, and otherwise does what Node's default does:
 * it writes only when no response has started on the connection, then closes it.
 */
export const answerClientErrorsAsProblems = (server: Server, logger = new Logger('HttpEdge')): void => {
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }) => {
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const answer = clientErrorAnswers[error.code ?? ''] ?? malformed;
    const correlationId = randomUUID();
    logger.warn({ correlationId, status: answer.status, error: error.code ?? error.message }, 'Request refused by the HTTP parser');
    const body = JSON.stringify(problem(answer.status, answer.code, answer.detail, { instance: targetOf(error.rawPacket), correlationId }));
    socket.end(
      [
        `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`,
        `Content-Type: ${problemContentType}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        `${correlationHeader}: ${correlationId}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
      () => socket.destroy(),
    );
  });
};

/**
 * The HTTP edge every app shares, set up before `init` (which registers the body parsers after the correlation id
 * and the router's not-found handler after everything): correlation ids, JSON-only bodies and storable text (global
 * guards, after each app's authentication guard), zod validation, and every refusal and error as problem+json, the
 * HTTP parser's own included.
 */
export const applyHttpEdge = (app: NestExpressApplication): void => {
  app.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  app.useGlobalGuards(new JsonBodyGuard(), new StorableTextGuard());
  app.useGlobalPipes(new ZodValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  answerClientErrorsAsProblems(app.getHttpServer());
};
