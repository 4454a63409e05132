// Writes a workflow's history for the replay tests (`npm run record-histories -w @cls/workflows`).
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const recordingHistories = (): boolean => process.env['RECORD_HISTORIES'] !== undefined;

/**
 * Writes the history under a new name only: a stored history is what a released version recorded, and must keep
 * replaying as it is. A changed workflow records under a new version's name (`….v2.json`).
 */
export const recordHistory = async (handle: WorkflowHandle, file: string): Promise<void> => {
  const target = path.join(__dirname, '..', 'contract', '__fixtures__', 'histories', file);
  const exists = await access(target).then(
    () => true,
    () => false,
  );
  if (exists) {
    process.stdout.write(`Kept the stored history ${file}: record a new version under a new name\n`);
    return;
  }
  await writeFile(target, historyToJSON(await handle.fetchHistory()), { flag: 'wx' });
};
