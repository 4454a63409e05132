import { DomainError } from '@cls/domain';
import { ProblemDetailsFilter } from '@cls/http';
import { CommandNotRecordedError, CommandUnavailableError } from '@cls/temporal';
import { Controller, Get, type INestApplication, Module, Post, UseInterceptors } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import request from 'supertest';
import { commandIdsOf } from './command-ids';
import { COMMAND_SETTINGS, CommandInterceptor } from './command.interceptor';
import { IdempotencyStore } from './idempotency.store';

/** What the command under test does, set by each test. */
let outcome: () => Promise<unknown> = () => Promise.resolve({});

@Controller('commands')
@UseInterceptors(CommandInterceptor)
class CommandsController {
  @Post()
  run(): Promise<unknown> {
    return outcome();
  }

  @Get()
  read(): Promise<unknown> {
    return outcome();
  }
}

/**
 * The mapping of Temporal's failures to problems, through Nest and the problem filter as a client sees them. The
 * store's stand-in fails as an unreachable database does, for the one request that carries an Idempotency-Key.
 */
describe('CommandInterceptor: what a command that Temporal did not confirm answers', () => {
  let app: INestApplication;
  const post = () => request(app.getHttpServer() as Server).post('/commands').send({});

  beforeAll(async () => {
    @Module({
      controllers: [CommandsController],
      providers: [
        CommandInterceptor,
        { provide: COMMAND_SETTINGS, useValue: { waitSeconds: 20, retryAfterSeconds: 7 } },
        { provide: IdempotencyStore, useValue: { claim: () => Promise.reject(new Error('the store was asked')) } },
      ],
    })
    class CommandsModule {}
    app = await NestFactory.create(CommandsModule, { logger: false });
    // As the auth guard would: a command with a key is read as its caller organisation's.
    app.use((req: { actor?: unknown }, _: unknown, next: () => void) => {
      req.actor = { id: 'alice', role: 'commissioner', organisation: 'bristol-cc' };
      next();
    });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
  });

  afterAll(() => app.close());

  it('answers 503 problem+json with Retry-After when Temporal did not confirm the command in time', async () => {
    outcome = () => Promise.reject(new CommandUnavailableError('Temporal did not confirm the command: Workflow update call timeout or cancelled'));
    const response = await post();
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toMatchObject({ status: 503, code: 'command.unavailable', detail: expect.stringContaining('within 20 s') });
  });

  it('answers a read that Temporal did not answer in time alike', async () => {
    outcome = () => Promise.reject(new CommandUnavailableError('Temporal did not confirm the command: 4 DEADLINE_EXCEEDED'));
    const response = await request(app.getHttpServer() as Server).get('/commands');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toMatchObject({ code: 'command.unavailable' });
  });

  it('answers 500 problem+json with the correlation id, and no Retry-After, when the store refused the events', async () => {
    outcome = () => Promise.reject(new CommandNotRecordedError('refused', '22P05'));
    const response = await post().set('x-correlation-id', 'corr-refused-1');
    expect(response.status).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.body).toMatchObject({ status: 500, code: 'command.not-recorded', correlationId: 'corr-refused-1', detail: expect.stringContaining('22P05') });
  });

  it("leaves the domain's refusals to the filter as they are", async () => {
    outcome = () => Promise.reject(new DomainError('conflict', 'contract.not-active', 'The contract is not active'));
    const response = await post();
    expect(response.status).toBe(409);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.body).toMatchObject({ code: 'contract.not-active' });
  });

  it('gives every request without a key ids of its own', async () => {
    const seen: string[] = [];
    outcome = () => Promise.resolve({ ok: true });
    const interceptor = app.get(CommandInterceptor);
    const spy = jest.spyOn(interceptor, 'intercept');
    await post().expect(201);
    await post().expect(201);
    for (const call of spy.mock.calls) {
      const ids = commandIdsOf(call[0].switchToHttp().getRequest<object>());
      if (ids) seen.push(ids.commandId, ids.createdId);
    }
    expect(new Set(seen).size).toBe(4);
  });

  it('answers 503 with Retry-After, and gives no command, when the Idempotency-Key store cannot be reached', async () => {
    let given = false;
    outcome = () => {
      given = true;
      return Promise.resolve({});
    };
    const response = await post().set('idempotency-key', 'retry-me-later-1');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toMatchObject({ code: 'command.unavailable' });
    expect(given).toBe(false);
  });

  it('refuses a malformed Idempotency-Key with 400 naming the header', async () => {
    const response = await post().set('idempotency-key', 'short');
    expect(response.status).toBe(400);
    expect((response.body as { errors: unknown }).errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });
});
