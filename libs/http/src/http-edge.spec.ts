import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { connect, type AddressInfo } from 'node:net';
import { createZodDto } from 'nestjs-zod';
import request from 'supertest';
import { z } from 'zod';
import { applyHttpEdge } from './http-edge';
import { expectHeadersTooLarge, expectProblem, fieldsOf } from './testing';

class NoteDto extends createZodDto(
  z.object({ summary: z.string().min(1), kpis: z.array(z.object({ comment: z.string() }).strict()).optional(), labels: z.record(z.string(), z.string()).optional() }).strict(),
) {}

@Controller('things')
class ThingsController {
  @Post(':thingId/notes')
  note(@Param('thingId') thingId: string, @Query('tag') tag: string | undefined, @Body() note: NoteDto): unknown {
    return { thingId, tag, note };
  }

  @Get(':thingId')
  thing(@Param('thingId') thingId: string): unknown {
    return { thingId };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

/** The edge on an app of its own, so that what it does is seen apart from any service's routes and guards. */
describe('the HTTP edge (applyHttpEdge)', () => {
  let app: NestExpressApplication;
  const server = () => app.getHttpServer();
  const note = (body: unknown, path = '/things/t-1/notes') => request(server()).post(path).send(body as object);

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(ThingsModule, { logger: false });
    applyHttpEdge(app);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  it('lets storable text through, astral characters included', async () => {
    const response = await note({ summary: 'Late returns 😀, café', kpis: [{ comment: 'fine' }] }, '/things/t-%F0%9F%98%80/notes?tag=ok');
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ thingId: 't-😀', tag: 'ok', note: { summary: 'Late returns 😀, café', kpis: [{ comment: 'fine' }] } });
  });

  it('refuses a NUL or a lone surrogate in the body, nested, and in a field name, naming each field', async () => {
    const body = '{"summary":"bad\\u0000byte","kpis":[{"comment":"ok"},{"comment":"x\\ud800y"}],"labels":{"a\\u0000b":"v"}}';
    const response = await request(server()).post('/things/t-1/notes').set('content-type', 'application/json').send(body);
    expectProblem(response, 400, 'request.invalid');
    expect(fieldsOf(response)).toEqual([
      { field: 'summary', rule: 'text.unstorable' },
      { field: 'kpis.1.comment', rule: 'text.unstorable' },
      { field: 'labels.a\uFFFDb', rule: 'text.unstorable' },
    ]);
  });

  it('refuses one in a query or a path parameter before validation or the handler', async () => {
    const query = await note({ summary: 'fine' }, '/things/t-1/notes?tag=a%00b');
    expectProblem(query, 400, 'request.invalid');
    expect(fieldsOf(query)).toEqual([{ field: 'tag', rule: 'text.unstorable' }]);
    const path = await request(server()).get('/things/t%00-1');
    expectProblem(path, 400, 'request.invalid');
    expect(fieldsOf(path)).toEqual([{ field: 'thingId', rule: 'text.unstorable' }]);
  });

  it('answers a path parameter that is not UTF-8 with a 400, not a 500', async () => {
    expectProblem(await request(server()).get('/things/%ED%A0%80'), 400, 'request.malformed');
  });

  it('answers an unknown route, malformed JSON, a body too large and a body that is not JSON as problems', async () => {
    expectProblem(await request(server()).get('/nowhere'), 404, 'route.not-found');
    expectProblem(await request(server()).post('/things/t-1/notes').set('content-type', 'application/json').send('{"summary":'), 400, 'request.malformed');
    expectProblem(await note({ summary: 'x'.repeat(200_000) }), 413, 'request.too-large');
    expectProblem(await request(server()).post('/things/t-1/notes').set('content-type', 'text/plain').send('summary'), 415, 'request.unsupported-media-type');
    expectProblem(await request(server()).post('/things/t-1/notes').type('form').send('summary=form'), 415, 'request.unsupported-media-type');
    expectProblem(
      await request(server()).post('/things/t-1/notes').set('content-type', 'application/json; charset=klingon').send('{"summary":"x"}'),
      415,
      'request.unsupported-media-type',
    );
  });

  describe('on a listening server, what Node’s HTTP parser refuses itself', () => {
    let listening: NestExpressApplication;
    let port: number;
    beforeAll(async () => {
      listening = await NestFactory.create<NestExpressApplication>(ThingsModule, { logger: false });
      applyHttpEdge(listening);
      await listening.listen(0, '127.0.0.1');
      ({ port } = listening.getHttpServer().address() as AddressInfo);
    });
    afterAll(async () => {
      await listening.close();
    });

    it('answers header fields beyond its limit with a 431 problem carrying a correlation id', async () => {
      await expectHeadersTooLarge(`http://127.0.0.1:${port}`, '/things/t-1');
    });

    it('answers bytes that are not HTTP with a 400 problem, and closes the connection', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
        let received = '';
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(head).toContain('Content-Type: application/problem+json');
      expect(head).toContain('Connection: close');
      expect(JSON.parse(body)).toMatchObject({ status: 400, code: 'request.malformed', correlationId: expect.any(String) });
    });
  });
});
