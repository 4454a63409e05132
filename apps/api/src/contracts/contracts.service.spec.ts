import { commandFromBody } from './contracts.service';

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
