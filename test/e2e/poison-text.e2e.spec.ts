import type { CommandResult } from '@cls/domain';
import { randomUUID } from 'node:crypto';
import { needsAssessment, startStack, type Stack } from './fixtures';
import { callerFor, expectProblem, expectStatus, type Caller } from './http';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

/** Text PostgreSQL cannot store: a NUL character, and a surrogate without its pair (JSON can spell one). */
const poisons = { nul: 'bad\u0000byte', 'lone surrogate': 'x\ud800y' } as const;

/** A field of a body as a path of keys (array items as index 0) to a string. */
type FieldPath = (string | 0)[];

/**
 * Every string a body schema can hold, by its path: through nested objects, array items and each branch of a union.
 * A schema met again on the same branch (a recursive one) is not followed twice.
 */
const stringFields = (document: OpenApi, root: Schema): FieldPath[] => {
  const found = new Map<string, FieldPath>();
  const walk = (schema: Schema | undefined, path: FieldPath, seen: ReadonlySet<Schema>): void => {
    if (!schema || seen.has(schema)) return;
    const resolved = schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    if (!resolved) return;
    const next = new Set(seen).add(schema);
    if (resolved.type === 'string' && path.length > 0) found.set(path.join('.'), path);
    for (const [key, child] of Object.entries(resolved.properties ?? {})) walk(child, [...path, key], next);
    walk(resolved.items, [...path, 0], next);
    for (const branch of [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])]) walk(branch, path, next);
  };
  walk(root, [], new Set());
  return [...found.values()];
};

/** A body holding `value` at `path` and nothing else: the edge refuses unstorable text before any other rule. */
const bodyWith = (path: FieldPath, value: string): unknown =>
  path.reduceRight<unknown>((inner, key) => (key === 0 ? [inner] : { [key]: inner }), value);

/** A path of the document with each parameter given a value of its form, so the router takes the request. */
const concretePath = (template: string, contractId: string): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const samples: Record<string, string> = {
      contractId,
      tenderId: `${contractId}.1`,
      planId: `${contractId}.1`,
      bidId: 'B1',
      clarificationId: 'Q1',
      challengeId: 'C1',
      actionId: 'action-1',
    };
    return samples[name] ?? `${name.replace(/Id$/, '')}-1`;
  });

describe('unstorable text in any field of any command body, against the running API', () => {
  let stack: Stack;
  let commissioner: Caller;
  let document: OpenApi;

  beforeAll(async () => {
    stack = await startStack({ readModels: false });
    commissioner = await callerFor(stack.apiUrl, { id: 'cora', role: 'commissioner', organisation: 'poison-council' }, stack.auth);
    document = await expectStatus<OpenApi>(fetch(`${stack.apiUrl}/openapi.json`), 200);
  }, 200_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses each string field of every body with a 400 naming it and the rule text.unstorable, then takes the same command clean', async () => {
    const contractId = randomUUID();
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) => {
        const schema = operation.requestBody?.content['application/json']?.schema;
        return schema ? [{ method, path, fields: stringFields(document, schema) }] : [];
      }),
    );
    // Every command but taking a checkpoint has a body, and the walk must reach into them.
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.find((operation) => operation.path === '/contracts/{contractId}/returns')?.fields.map((field) => field.join('.'))).toEqual(
      expect.arrayContaining(['periodId', 'observations.0.kpi', 'observations.0.evidence.0']),
    );
    const unrefused: string[] = [];
    let refusals = 0;
    for (const { method, path, fields } of operations) {
      expect(method).toBe('post');
      for (const field of fields) {
        for (const [kind, poison] of Object.entries(poisons)) {
          const response = await commissioner.post(concretePath(path, contractId), bodyWith(field, poison));
          const problem = (await response.json()) as { code?: string; errors?: { field: string; rule: string }[] };
          const named = problem.errors?.some((error) => error.field === field.join('.') && error.rule === 'text.unstorable');
          if (response.status !== 400 || problem.code !== 'request.invalid' || !named) unrefused.push(`${path} ${field.join('.')} (${kind}): ${response.status} ${JSON.stringify(problem)}`);
          refusals += 1;
        }
      }
    }
    expect(unrefused).toEqual([]);
    expect(refusals).toBeGreaterThan(200);

    // The refusals changed nothing: the contract they named does not exist, and opening it and a command on it succeed.
    await expectProblem(commissioner.get(`/contracts/${contractId}`), 404, 'contract.not-found');
    const opened = await expectStatus<CommandResult>(commissioner.post('/contracts', { contractId, title: 'Supported living, Taunton' }), 201);
    expect(opened).toMatchObject({ contractId, version: 1 });
    const assessed = await expectStatus<CommandResult>(commissioner.post(`/contracts/${contractId}/needs-assessment`, needsAssessment), 200);
    expect(assessed.events.map((event) => event.type)).toEqual(['NeedsAssessmentRecorded']);
  });
});
