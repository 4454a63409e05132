import type { Notification } from '@cls/workflows/notifications';
import { randomBytes, randomUUID } from 'node:crypto';

export const tenderClosed = (overrides: Partial<Notification> = {}): Notification => ({
  id: randomUUID(),
  type: 'TenderClosed',
  contractId: randomUUID(),
  processId: `tender-${randomUUID()}`,
  occurredAt: '2026-03-02T12:00:00.000Z',
  recipients: [{ role: 'commissioner', organisation: 'somerset-council' }, { role: 'evaluator' }],
  subject: 'Tender for domiciliary care, West Somerset closed with 4 bids',
  facts: { closedAt: '2026-03-02T12:00:00.000Z', bids: 4, lateBids: 1 },
  ...overrides,
});

export const webhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** What a pino logger would have written, kept as calls so a test can read them. */
export const recordingLogger = () => {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    info: (fields: Record<string, unknown>, message: string) => {
      lines.push({ fields, message });
    },
  };
};
