import { mintToken, type AuthSettings } from '@cls/auth';
import type { Actor } from '@cls/domain';

/** A person calling the API with their own token. */
export interface Caller {
  actor: Actor;
  get(path: string): Promise<Response>;
  /** `headers` add to the caller's own (an `x-correlation-id`, an `Idempotency-Key`). */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export const callerFor = async (baseUrl: string, actor: Actor, auth: AuthSettings): Promise<Caller> => {
  const token = await mintToken(actor, auth);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    actor,
    get: (path) => fetch(`${baseUrl}${path}`, { headers }),
    post: (path, body, extra = {}) => fetch(`${baseUrl}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) }),
  };
};

/** The body of a response that must have this status; anything else fails with what the server said. */
export const expectStatus = async <T>(pending: Promise<Response> | Response, status: number): Promise<T> => {
  const response = await pending;
  const text = await response.text();
  if (response.status !== status) throw new Error(`${response.url} answered ${response.status}, not ${status}: ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  correlationId: string;
  errors?: { field: string; rule: string; message: string }[];
}

/** A refusal: problem+json with this status and rule code. */
export const expectProblem = async (pending: Promise<Response> | Response, status: number, code: string): Promise<Problem> => {
  const response = await pending;
  const problem = await expectStatus<Problem>(response, status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(problem).toMatchObject({ status, code });
  return problem;
};

/** The calendar day (UTC) `years` years after `date`, less a day: the last day of a term that starts on `date`. */
export const lastDayOfTerm = (date: string, years: number): string => {
  const end = new Date(`${date}T00:00:00.000Z`);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
};
