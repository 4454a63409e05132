/**
 * Projection benchmark: applies one long-lived contract's events, one at a time as the consumer receives them, to
 * the five projections in a database of its own (which it drops), and prints what an event costs early in the
 * contract's life against late in it, and the events per second. No thresholds: the figures are for comparing runs
 * (the target is a late event costing at most 1.2 times an early one).
 *
 *   DATABASE_URL   the server to create the throwaway database on
 *   BENCH_EVENTS   events in the contract (default 5000)
 *   BENCH_WINDOW   events either side of the compared event whose median is taken (default 25)
 *   BENCH_APART=1  each projection in a transaction of its own, one after another, rather than all in one
 *
 *   node --conditions=development -r @swc-node/register apps/reporting/bench/projections.bench.ts
 */
import { defaultMonitoringPolicy, type StoredEvent } from '@cls/domain';
import { migrate } from '@cls/event-store';
import { createTestDatabase } from '@cls/event-store/testing';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { reportingMigrations } from '../src/database/reporting-migrations';
import type { Projector, ProjectorOutcomes } from '../src/projections/process-projector';
import { Projectors } from '../src/projections/projectors';
import { ContractRegisterProjector } from '../src/register/contract-register.projector';
import { ContractRegisterRepository } from '../src/register/contract-register.repository';
import { processEvents } from '../src/testing/process-events';

const positiveIntegerFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return Number(raw);
};

const day = (offset: number): string => new Date(Date.UTC(2027, 0, 4) + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A contract's life as the workflow records it: the domain's history up to going live, then cycles of monitoring
 * (KPI ratings and comments, returns, reviews, concerns, risk ratings, variations) with a corrective plan every
 * tenth cycle. Returns and reviews name a bounded set of periods, as a contract's term does. `cycles[i]` is the
 * monitoring cycle event i belongs to (0 before the contract is live).
 */
const contractLife = (contractId: string, count: number): { events: StoredEvent[]; cycles: number[] } => {
  const e = processEvents(contractId, { startsAt: '2026-06-01T09:00:00.000Z' });
  const events = e.active();
  const cycles: number[] = events.map(() => 0);
  let plans = 0;
  for (let cycle = 1; events.length < count; cycle += 1) {
    const on = day(cycle);
    const period = `period-${cycle % 40}`;
    events.push(
      e.kpiAssessed(`assessment-${cycle}-1`, 'Visits on time', 'good', on),
      e.kpiAssessed(`assessment-${cycle}-2`, 'Staff turnover', 'requires-improvement', on),
      e.contract('AssessmentCommented', { assessmentId: `assessment-${cycle}-1`, kpi: 'Visits on time', comment: 'Agreed', commentedOn: on }),
      e.riskRatingChanged(`rating-${cycle}`, cycle % 2 === 0 ? 'red' : 'amber', cycle % 2 === 0 ? 'amber' : 'red', on),
      e.concernLogged(`concern-${cycle}`, 'medium', on),
      e.concernUpdated(`concern-${cycle}`, on),
      e.returnReminder(period, on),
      e.returnOverdue(period, on, on),
      e.returnSubmitted(period, on, on),
      e.reviewReminder(`review-${cycle % 20}`, on),
      e.varied(false, on),
    );
    if (cycle % 10 === 0) {
      plans += 1;
      events.push(
        e.correctivePlanOpened(plans, on),
        e.planOpened(plans, on),
        e.actionsAgreed(plans, [{ actionId: 'a1', dueDate: on }, { actionId: 'a2', dueDate: on }], on),
        e.milestoneMissed(plans, 'a2', on, on),
        e.actionCompleted(plans, 'a1', on, on),
        e.planEscalated(plans, ['a2'], on),
        e.planClosed(plans, 'successful', on),
        e.correctivePlanEnded(plans, 'successful', on),
      );
    } else {
      events.push(e.kpiAssessed(`assessment-${cycle}-3`, 'Complaints', 'good', on), e.concernLogged(`concern-${cycle}-b`, 'low', on));
    }
    while (cycles.length < events.length) cycles.push(cycle);
  }
  return { events: events.slice(0, count), cycles: cycles.slice(0, count) };
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * What a whole monitoring cycle costs, early in the contract's life against late in it: the same events in the same
 * order, so the ratio is what age adds, not a different mix of event types. Cycles with a corrective plan (every
 * tenth) and the last, unfinished cycle are left out, so every cycle compared has the same events.
 */
const cycleCosts = (costs: readonly number[], cycles: readonly number[], sample: number): { early: number; late: number; cycles: [string, string] } => {
  const totals = new Map<number, number>();
  for (const [index, cycle] of cycles.entries()) if (cycle > 0 && cycle % 10 !== 0) totals.set(cycle, (totals.get(cycle) ?? 0) + (costs[index] ?? 0));
  const last = cycles.at(-1) ?? 0;
  const complete = [...totals.entries()].filter(([cycle]) => cycle !== last);
  const early = complete.slice(0, sample);
  const late = complete.slice(-sample);
  const span = (picked: [number, number][]): string => `${picked[0]?.[0]}..${picked.at(-1)?.[0]}`;
  return { early: median(early.map(([, cost]) => cost)), late: median(late.map(([, cost]) => cost)), cycles: [span(early), span(late)] };
};

/** As the consumer applied events before the projections shared a transaction: one projection after another. */
const oneByOne = async (projectors: readonly Projector[], contractId: string, event: StoredEvent): Promise<ProjectorOutcomes[]> => {
  const applied: ProjectorOutcomes[] = [];
  for (const projector of projectors) applied.push({ projection: projector.name, outcomes: [await projector.apply(contractId, event)] });
  return applied;
};

const main = async (): Promise<void> => {
  const count = positiveIntegerFromEnv('BENCH_EVENTS', 5000);
  const window = positiveIntegerFromEnv('BENCH_WINDOW', 25);
  const together = process.env['BENCH_APART'] !== '1';
  const db = await createTestDatabase();
  try {
    await migrate(db.url, reportingMigrations);
    const projectors = new Projectors(db.pool, new ContractRegisterProjector(db.pool, new ContractRegisterRepository(db.pool)), defaultMonitoringPolicy);
    const contractId = randomUUID();
    const { events, cycles } = contractLife(contractId, count);
    const costs: number[] = [];
    const rejections: string[] = [];
    const apply = async (process: string, event: StoredEvent): Promise<number> => {
      const before = performance.now();
      const applied = together ? await projectors.applyAll(process, [event]) : await oneByOne(projectors.all, process, event);
      const cost = performance.now() - before;
      for (const { projection, outcomes } of applied) {
        for (const outcome of outcomes) if (outcome.kind === 'rejected') rejections.push(`${projection} refused ${event.type}: ${outcome.reason}`);
      }
      return cost;
    };
    // The machine's load varies over a long run: the last events are also timed in pairs with the 10th event of a
    // new contract applied just before each, so that the two are compared under the same load.
    const paired: { early: number; late: number }[] = [];
    const started = performance.now();
    // Each event as it arrives, as the consumer applies a process's events.
    for (const [index, event] of events.entries()) {
      if (index >= count - window) {
        const fresh = randomUUID();
        const first = contractLife(fresh, 10).events;
        for (const earlier of first.slice(0, 9)) await apply(fresh, earlier);
        const tenth = first[9];
        const early = tenth ? await apply(fresh, tenth) : Number.NaN;
        const late = await apply(contractId, event);
        paired.push({ early, late });
        costs.push(late);
      } else {
        costs.push(await apply(contractId, event));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    if (rejections.length > 0) throw new Error(`The projections refused events:\n${rejections.slice(0, 10).join('\n')}`);

    const around = (nth: number): number => median(costs.slice(Math.max(0, nth - 1 - window), nth + window));
    // events/s counts the long contract's events over the whole run, the paired new contracts' included in its time.
    const early = around(Math.min(10, count));
    const late = around(count);
    const row = (label: string, value: string) => console.log(`${label.padEnd(50)}${value}`);
    console.log(`[bench] ${count} events of one contract through ${projectors.names.join(', ')}, ${together ? 'in one transaction' : 'each apart'}`);
    row('cost of event 10 (median of its window), ms', early.toFixed(3));
    row(`cost of event ${count} (median of its window), ms`, late.toFixed(3));
    row('single event 10 / last event, ms', `${(costs[9] ?? Number.NaN).toFixed(3)} / ${(costs.at(-1) ?? Number.NaN).toFixed(3)}`);
    row('late / early (target <= 1.2)', (late / early).toFixed(2));
    const pairedEarly = median(paired.map((pair) => pair.early));
    const pairedLate = median(paired.map((pair) => pair.late));
    row('paired: event 10 of a new contract, median ms', pairedEarly.toFixed(3));
    row(`paired: event ${count - window + 1}..${count}, median ms`, pairedLate.toFixed(3));
    row('paired late / early (target <= 1.2)', (pairedLate / pairedEarly).toFixed(2));
    const byCycle = cycleCosts(costs, cycles, 10);
    row(`same events, cycles ${byCycle.cycles[0]}: median ms per cycle`, byCycle.early.toFixed(3));
    row(`same events, cycles ${byCycle.cycles[1]}: median ms per cycle`, byCycle.late.toFixed(3));
    row('same events late / early (target <= 1.2)', (byCycle.late / byCycle.early).toFixed(2));
    row('events/s (each event through all five)', Math.round(count / seconds).toString());
    const { rows } = await db.pool.query<{ projection: string; bytes: string }>(
      `SELECT projection, pg_column_size(document)::text AS bytes FROM reporting.projection_documents WHERE contract_id = $1 ORDER BY projection`,
      [contractId],
    );
    for (const { projection, bytes } of rows) row(`state kept for ${projection}, bytes`, bytes);
  } finally {
    await db.drop();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
