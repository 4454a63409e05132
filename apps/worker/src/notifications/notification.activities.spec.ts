import { Notification, notificationRejectedFailure } from '@cls/workflows/notifications';
import { ApplicationFailure } from '@temporalio/common';
import { recordingLogger, tenderClosed, webhookSecret } from './__fixtures__/notifications';
import { createNotificationActivities, webhookSettingsFrom } from './notification.activities';

describe('deliverNotification without a webhook', () => {
  it('logs the whole notification and says it was not delivered', async () => {
    const logger = recordingLogger();
    const notification = tenderClosed();

    const delivery = await createNotificationActivities({ logger }).deliverNotification(notification);

    expect(delivery).toEqual({ channel: 'log', delivered: false });
    expect(logger.lines).toEqual([
      { fields: { notification }, message: 'Notification not delivered: no webhook is configured' },
    ]);
  });

  it.each([
    ['an id that is not an event id', { id: 'tender-closed-1' }],
    ['a type that is not an event type', { type: 'tender.closed' }],
    ['no recipients', { recipients: [] }],
    ['a recipient with neither role nor organisation', { recipients: [{}] }],
    ['the system as a recipient', { recipients: [{ role: 'system' }] }],
    ['a blank subject', { subject: '   ' }],
    ['an instant without an offset', { occurredAt: '2026-03-02T12:00:00' }],
  ])('refuses %s without retrying, and tells no one', async (_case, change) => {
    const logger = recordingLogger();
    const malformed = { ...tenderClosed(), ...change } as Notification;

    const failure = await createNotificationActivities({ logger })
      .deliverNotification(malformed)
      .then(() => undefined, (error: unknown) => error);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: notificationRejectedFailure, nonRetryable: true });
    expect(logger.lines).toEqual([]);
  });
});

describe('Notification', () => {
  it('takes roles, organisations or both as recipients, and JSON facts', () => {
    const notification = tenderClosed({
      recipients: [
        { role: 'finance' },
        { organisation: 'acme-care' },
        { role: 'commissioner', organisation: 'somerset-council' },
      ],
      facts: { startDate: '2026-04-01', extensions: [{ years: 1 }], valuePence: 120_000_000, note: null },
    });
    expect(Notification.parse(notification)).toEqual(notification);
  });
});

describe('webhookSettingsFrom', () => {
  it('turns a configured URL and secret into webhook settings', () => {
    const secret = webhookSecret();
    const url = 'https://hooks.example.org/cls';
    expect(webhookSettingsFrom({ CLS_WEBHOOK_URL: url, CLS_WEBHOOK_SECRET: secret, CLS_WEBHOOK_TIMEOUT_MS: 5000 })).toEqual({
      url,
      secret,
      timeoutMs: 5000,
    });
  });

  it('gives none without a URL, so notifications are only logged', () => {
    expect(webhookSettingsFrom({ CLS_WEBHOOK_TIMEOUT_MS: 15_000 })).toBeUndefined();
  });
});
