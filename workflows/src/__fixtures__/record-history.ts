// Writes a workflow's history for the replay tests (`npm run record-histories -w @cls/workflows`).
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const recordingHistories = (): boolean => process.env['RECORD_HISTORIES'] !== undefined;

export const recordHistory = async (handle: WorkflowHandle, file: string): Promise<void> => {
  const target = path.join(__dirname, '..', 'contract', '__fixtures__', 'histories', file);
  await writeFile(target, historyToJSON(await handle.fetchHistory()));
};
