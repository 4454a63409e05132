import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** An RFC 9457 problem as the API and the reporting service answer it; fields name the body's offending paths. */
const ProblemBody = z.looseObject({
  status: z.number().int().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  correlationId: z.string().optional(),
  errors: z.array(z.looseObject({ field: z.string().optional(), rule: z.string().optional(), message: z.string().optional() })).optional(),
});

export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  correlationId?: string;
  errors: { field?: string; rule?: string; message?: string }[];
}

/** A refusal from a service: shown to the person as it came, with the fields it names. */
export class BackendProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
  }
}

/** A service that could not be reached, or answered 503: the page says so and asks the person to try again. */
export class BackendUnavailable extends Error {}

export type Service = 'api' | 'reporting';
export type QueryValues = Record<string, string | readonly string[] | undefined>;

const queryString = (query: QueryValues): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const one of typeof value === 'string' ? [value] : (value ?? [])) if (one !== '') params.append(name, one);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
};

/**
 * The API and the reporting service, called with the signed-in person's access token: every rule, permission and
 * read stays theirs, and the console shows what they answer.
 */
export class Backend {
  constructor(
    private readonly urls: Record<Service, string>,
    private readonly accessToken: string,
    private readonly timeoutMs: number,
  ) {}

  async get<T>(service: Service, path: string, query: QueryValues = {}): Promise<T> {
    const response = await this.send(service, path + queryString(query), { headers: { accept: 'application/json' } });
    return (await response.json()) as T;
  }

  /** A list as CSV (the audit views'): the text, and the cursor of the next page when there is one. */
  async csv(service: Service, path: string, query: QueryValues = {}): Promise<{ text: string; nextCursor?: string }> {
    const response = await this.send(service, path + queryString({ ...query, format: 'csv' }), { headers: { accept: 'text/csv' } });
    const nextCursor = response.headers.get('x-next-cursor') ?? undefined;
    return { text: await response.text(), ...(nextCursor ? { nextCursor } : {}) };
  }

  /**
   * A command. The key makes a repeated submission of the same form (a double click, a reload) answer the first
   * one's outcome instead of giving the command twice. What it answers is not the contract's state: pages read that
   * again with GET.
   */
  async post<T>(path: string, body: unknown, idempotencyKey: string = randomUUID()): Promise<T> {
    const response = await this.send('api', path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  private async send(service: Service, pathAndQuery: string, init: RequestInit): Promise<Response> {
    const url = `${this.urls[service]}${pathAndQuery}`;
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.accessToken}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new BackendUnavailable(`The ${service === 'api' ? 'API' : 'reporting service'} could not be reached: ${(error as Error).message}`);
    }
    if (response.ok) return response;
    const text = await response.text();
    const parsed = ProblemBody.safeParse(text.startsWith('{') ? JSON.parse(text) : undefined);
    const body = parsed.success ? parsed.data : {};
    if (response.status === 503) throw new BackendUnavailable(body.detail ?? `${url} answered 503`);
    throw new BackendProblem({
      status: response.status,
      code: body.code ?? `http.${response.status}`,
      title: body.title ?? response.statusText,
      detail: body.detail ?? text.slice(0, 500),
      ...(body.correlationId ? { correlationId: body.correlationId } : {}),
      errors: body.errors ?? [],
    });
  }
}

/** A read that a person's role or the contract's stage may refuse: absent then, rather than the whole page failing. */
export const unlessRefused = async <T>(read: Promise<T>, statuses: readonly number[] = [403, 404, 409]): Promise<T | undefined> => {
  try {
    return await read;
  } catch (error) {
    if (error instanceof BackendProblem && statuses.includes(error.problem.status)) return undefined;
    throw error;
  }
};
