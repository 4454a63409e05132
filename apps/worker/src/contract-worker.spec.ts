import { cachedWorkflowsFor } from './contract-worker';

describe('cachedWorkflowsFor', () => {
  it('keeps ten thousand contract workflows cached within a 4 GiB heap', () => {
    expect(cachedWorkflowsFor(4096)).toBeGreaterThanOrEqual(10_000);
  });

  it('grows with the heap and never drops below ten', () => {
    expect(cachedWorkflowsFor(8192)).toBeGreaterThan(cachedWorkflowsFor(4096));
    expect(cachedWorkflowsFor(256)).toBe(10);
  });
});
