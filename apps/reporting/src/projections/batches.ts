/** Runs the task over the items, at most `limit` at a time. */
export const inParallel = async <T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

/** Items grouped by the process they belong to, each group in the order given: processes are independent. */
export const byProcess = <T>(items: readonly T[], processOf: (item: T) => string): [string, T[]][] => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const contractId = processOf(item);
    const group = groups.get(contractId);
    if (group) group.push(item);
    else groups.set(contractId, [item]);
  }
  return [...groups];
};
