import { quietLogger } from '@cls/temporal/testing';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker, type InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tracedWorkflowBundleOptions } from '../bundler';

const historiesIn = (dir: string) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, history: historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))) }));

/** Recorded before tracing: no tracing patch marker, so they replay untraced. */
const untraced = historiesIn(path.join(__dirname, '..', 'contract', '__fixtures__', 'histories'));
/**
 * Recorded by traced runs (`RECORD_HISTORIES=1` with apps/worker/src/workflow-tracing.int.spec.ts), with the tracing
 * patch marker: the runs started since tracing was deployed, which the traced path must go on replaying.
 */
const traced = historiesIn(path.join(__dirname, '__fixtures__'));

/**
 * The bundle the worker runs carries the tracing interceptors: every stored history must replay against it, those
 * recorded before tracing as the runs still open from then will, and those recorded since as new runs will.
 */
// A replay worker calls no sink, but without this one it would log each traced span's export as unregistered.
const sinks: InjectedSinks<OpenTelemetrySinks> = { exporter: { export: { fn: () => undefined } } };

describe('stored histories replay against the traced bundle', () => {
  let bundle: { code: string };

  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ ...tracedWorkflowBundleOptions(), logger: quietLogger });
  }, 120_000);

  it('has histories recorded before tracing and since', () => {
    expect(untraced.length).toBeGreaterThan(0);
    expect(traced.length).toBeGreaterThan(0);
  });

  it.each([...untraced, ...traced])('replays $file', async ({ history }) => {
    await expect(Worker.runReplayHistory({ workflowBundle: bundle, sinks }, history)).resolves.toBeUndefined();
  }, 60_000);
});
