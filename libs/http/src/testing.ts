import { expect } from '@jest/globals';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { ProblemDetails } from './problem-details';

/** What the helpers below read of a response: supertest's `Response` is one. */
export interface ProblemResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The response's body, read as the problem details it should be. */
export const problemOf = (response: ProblemResponse): ProblemDetails => response.body as ProblemDetails;

/** The field problems' fields and rules, without their messages, which are for people and may be reworded. */
export const fieldsOf = (response: ProblemResponse): { field: string; rule: string }[] | undefined =>
  problemOf(response).errors?.map(({ field, rule }) => ({ field, rule }));

/** Asserts that the response is problem+json with this status and code, carrying its correlation id in the header too. */
export const expectProblem = (response: ProblemResponse, status: number, code: string): void => {
  expect({ status: response.status, type: response.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(response.body).toMatchObject({ status, code, correlationId: expect.any(String) });
  expect(response.headers['x-correlation-id']).toBe(problemOf(response).correlationId);
};

/**
 * A GET with one header field of `bytes` bytes, over a real connection: Node's HTTP parser refuses it before any
 * framework sees it, which supertest's in-process requests do not show.
 */
export const requestWithHeaderOf = (url: string, bytes: number): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> =>
  new Promise((resolve, reject) => {
    const call = httpRequest(url, { headers: { 'x-padding': 'a'.repeat(bytes) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end();
  });

/**
 * Asserts that a header field beyond Node's limit, sent to `path` on the server listening at `origin`, is answered
 * with a 431 problem naming the path and carrying its correlation id.
 */
export const expectHeadersTooLarge = async (origin: string, path: string): Promise<void> => {
  const response = await requestWithHeaderOf(`${origin}${path}`, 20_000);
  expect(response.status).toBe(431);
  expect(response.headers['content-type']).toBe('application/problem+json');
  const body = JSON.parse(response.body) as ProblemDetails;
  expect(body).toMatchObject({ status: 431, code: 'request.headers-too-large', instance: path });
  expect(response.headers['x-correlation-id']).toBe(body.correlationId);
};
