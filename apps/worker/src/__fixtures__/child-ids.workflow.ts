import { condition, defineUpdate, executeChild, setHandler, uuid4 } from '@temporalio/workflow';

export const startChild = defineUpdate<string, [string]>('startChild');

/** Does nothing: it exists to be started under an id the parent drew from its seeded randomness. */
export async function idleChild(): Promise<void> {}

/**
 * Each validated update starts a child under a `uuid4()` id, which a replay must draw again exactly: the shape of
 * the contract workflow's command handling (a validator, then ids from the workflow's randomness) in a few lines.
 */
export async function childIds(): Promise<string[]> {
  const ids: string[] = [];
  setHandler(
    startChild,
    async (label) => {
      const workflowId = `${label}-${uuid4()}`;
      await executeChild(idleChild, { workflowId });
      ids.push(workflowId);
      return workflowId;
    },
    {
      validator: (label: string) => {
        if (label.length === 0) throw new Error('a child needs a label');
      },
    },
  );
  await condition(() => ids.length === 2);
  return ids;
}
