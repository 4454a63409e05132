import { defaultMonitoringPolicy, parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import { escalationReached, escalationRung, escalationSchedule } from './escalation';

const policy = defaultMonitoringPolicy;

describe('escalation ladder', () => {
  it('given something slipping since 1 May, then it reaches the contract manager, then the head of service, then the board, 14 days apart', () => {
    expect(escalationSchedule('2026-05-01', policy)).toEqual([
      { step: 1, level: 'contract-manager', title: 'Commissioning and contracts manager', reachedOn: '2026-05-01', nextStepOn: '2026-05-15' },
      { step: 2, level: 'head-of-service', title: 'Head of service', reachedOn: '2026-05-15', nextStepOn: '2026-05-29' },
      { step: 3, level: 'governance-board', title: 'Governance board', reachedOn: '2026-05-29' },
    ]);
  });

  it('given a day part-way up the ladder, then the rung reached by then is the one that applies', () => {
    expect(escalationReached('2026-05-01', '2026-04-30', policy)).toBeUndefined();
    expect(escalationReached('2026-05-01', '2026-05-01', policy)?.level).toBe('contract-manager');
    expect(escalationReached('2026-05-01', '2026-05-20', policy)?.level).toBe('head-of-service');
    expect(escalationReached('2026-05-01', '2027-01-01', policy)?.level).toBe('governance-board');
  });

  it('given a step beyond the top of the ladder, then there is no rung', () => {
    expect(escalationRung(4, '2026-05-01', policy)).toBeUndefined();
  });

  it('given a deployment’s own ladder, then its steps and intervals are used', () => {
    const twoSteps = parseMonitoringPolicy({
      escalation: { ladder: [{ level: 'service-manager', title: 'Service manager', daysBeforeNextStep: 5 }, { level: 'director', title: 'Director' }] },
    });
    expect(escalationSchedule('2026-05-01', twoSteps).map((rung) => [rung.level, rung.reachedOn])).toEqual([
      ['service-manager', '2026-05-01'],
      ['director', '2026-05-06'],
    ]);
  });
});
