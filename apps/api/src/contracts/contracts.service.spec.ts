import { commandFromBody, workflowTimeOf } from './contracts.service';

describe('workflowTimeOf', () => {
  const wall = new Date('2027-03-01T12:00:00.000Z');

  it('takes the workflow’s clock when it runs ahead of the wall clock, as a time-skipping server’s does', () => {
    expect(workflowTimeOf('2027-09-15T10:00:00+01:00', wall)).toBe('2027-09-15T09:00:00.000Z');
  });

  it('takes the wall clock when the workflow’s stands back at its last task, or has not answered one', () => {
    expect(workflowTimeOf('2027-02-20T09:00:00.000Z', wall)).toBe('2027-03-01T12:00:00.000Z');
    expect(workflowTimeOf(undefined, wall)).toBe('2027-03-01T12:00:00.000Z');
  });
});

describe('commandFromBody', () => {
  it("takes the person's reason out of the data for the events' metadata", () => {
    expect(commandFromBody('SuspendContract', { note: 'Safeguarding review' })).toEqual({ command: { type: 'SuspendContract', data: { note: 'Safeguarding review' } } });
    const { command, reason } = commandFromBody('RecordSupplyImpactReview', { alternativeCapacity: true, findings: 'Capacity in house', reason: 'Checked with the team' });
    expect(command).toEqual({ type: 'RecordSupplyImpactReview', data: { alternativeCapacity: true, findings: 'Capacity in house' } });
    expect(reason).toBe('Checked with the team');
  });

  it('leaves a reason that belongs to the command in its data, and none in the metadata', () => {
    const termination = commandFromBody('RequestTermination', { ground: 'convenience', reason: 'To be brought in house' });
    expect(termination).toEqual({ command: { type: 'RequestTermination', data: { ground: 'convenience', reason: 'To be brought in house' } } });
    const ended = commandFromBody('EndPlacement', { placementId: 'placement-1', endDate: '2027-05-01', reason: 'needs-met', record: 'Went home' });
    expect(ended).toEqual({
      command: { type: 'EndPlacement', data: { placementId: 'placement-1', endDate: '2027-05-01', reason: 'needs-met', record: 'Went home' } },
    });
  });
});
