import { projectionLag } from './projection-lag';

describe('projection lag', () => {
  const topic = [
    { partition: 1, high: '10', low: '0' },
    { partition: 0, high: '5', low: '2' },
  ];
  const position = {
    projection: 'due-items',
    globalPosition: '42',
    eventId: '00000000-0000-4000-8000-000000000001',
    recordedAt: '2027-01-04T09:00:00.000Z',
    appliedAt: '2027-01-04T09:00:01.000Z',
    eventsApplied: 7,
  };

  it('given offsets handled per partition, then the lag is what lies between them and the high-water marks, and the age of the newest event', () => {
    const [lag] = projectionLag(['due-items'], [position], [{ projection: 'due-items', partition: 1, offset: '6' }], topic, new Date('2027-01-04T09:01:30.000Z'));
    expect(lag).toEqual({
      projection: 'due-items',
      lastApplied: { globalPosition: '42', eventId: position.eventId, recordedAt: position.recordedAt, appliedAt: position.appliedAt },
      eventsApplied: 7,
      partitions: [
        // Nothing handled here yet: everything still on the topic counts.
        { partition: 0, lastOffset: null, highWatermark: '5', lag: 3 },
        { partition: 1, lastOffset: '6', highWatermark: '10', lag: 3 },
      ],
      lagEvents: 6,
      lagSeconds: 90,
    });
  });

  it('given every partition handled to its high-water mark, then there is no lag, however old the newest event', () => {
    const caughtUp = [
      { projection: 'due-items', partition: 0, offset: '4' },
      { projection: 'due-items', partition: 1, offset: '9' },
    ];
    const [lag] = projectionLag(['due-items'], [position], caughtUp, topic, new Date('2027-01-05T09:00:00.000Z'));
    expect(lag).toMatchObject({ lagEvents: 0, lagSeconds: 0 });
  });

  it('given a projection that has applied nothing, then it reports no position and no age, and the whole topic as lag', () => {
    const [lag] = projectionLag(['plan-tracker'], [position], [], topic, new Date('2027-01-04T09:01:30.000Z'));
    expect(lag).toMatchObject({ projection: 'plan-tracker', lastApplied: null, eventsApplied: 0, lagEvents: 13, lagSeconds: null });
  });
});
