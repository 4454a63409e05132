import { notificationRejectedFailure, type NotificationActivities } from '@cls/workflows/notifications';
import { ApplicationFailure } from '@temporalio/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { recordingLogger, tenderClosed, webhookSecret } from './__fixtures__/notifications';
import { createNotificationActivities } from './notification.activities';
import { webhookUnavailableFailure } from './webhook.channel';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver made of the signature: the verified payload, or why it refused. */
  verified: unknown;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A real HTTP receiver on loopback that verifies each webhook as a receiver would, then answers as told. */
const startReceiver = async (secret: string) => {
  const verifier = new Webhook(secret);
  const received: Received[] = [];
  const answers: Answer[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: unknown;
      try {
        verified = verifier.verify(body, request.headers as Record<string, string>);
      } catch (error) {
        verified = error instanceof Error ? error.message : String(error);
      }
      received.push({ path: request.url ?? '', headers: request.headers, body, verified });
      const answer = answers.shift() ?? { status: 204 };
      if (answer === 'hang') return;
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cls`,
    received,
    answer: (...next: Answer[]) => answers.push(...next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const failureOf = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => {
      throw new Error('expected the delivery to fail');
    },
    (error: unknown) => error,
  );

describe('webhook delivery to a real HTTP receiver', () => {
  const secret = webhookSecret();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let logger: ReturnType<typeof recordingLogger>;
  let port: NotificationActivities;

  beforeEach(async () => {
    receiver = await startReceiver(secret);
    logger = recordingLogger();
    port = createNotificationActivities({ webhook: { url: receiver.url, secret, timeoutMs: 2_000 }, logger });
  });

  afterEach(() => receiver.close());

  it('POSTs the notification signed so that the receiver verifies it, and reports the delivery', async () => {
    const notification = tenderClosed();
    receiver.answer({ status: 204 });

    const delivery = await port.deliverNotification(notification);

    expect(delivery).toEqual({ channel: 'webhook', delivered: true, status: 204 });
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request?.path).toBe('/hooks/cls');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['webhook-id']).toBe(notification.id);
    expect(request?.verified).toEqual({ type: 'TenderClosed', timestamp: notification.occurredAt, data: notification });
    expect(logger.lines).toEqual([
      {
        fields: {
          notificationId: notification.id,
          type: 'TenderClosed',
          contractId: notification.contractId,
          channel: 'webhook',
          status: 204,
        },
        message: 'Notification delivered',
      },
    ]);
  });

  it('fails retryably on a 503, honouring Retry-After, and the retry carries the same webhook-id', async () => {
    const notification = tenderClosed();
    receiver.answer({ status: 503, headers: { 'retry-after': '7' }, body: 'maintenance' }, { status: 200 });

    const failure = await failureOf(port.deliverNotification(notification));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: webhookUnavailableFailure, nonRetryable: false, nextRetryDelay: 7_000 });
    expect((failure as Error).message).toContain('answered 503: maintenance');

    // What Temporal does after the failure: run the activity again with the same input.
    await expect(port.deliverNotification(notification)).resolves.toEqual({ channel: 'webhook', delivered: true, status: 200 });

    const [first, retry] = receiver.received;
    expect(receiver.received).toHaveLength(2);
    expect(retry?.headers['webhook-id']).toBe(notification.id);
    expect(first?.headers['webhook-id']).toBe(notification.id);
    expect(retry?.body).toBe(first?.body);
    expect(first?.verified).toEqual(retry?.verified);
    expect(retry?.verified).toMatchObject({ data: notification });
  });

  it('refuses to retry a 400: the receiver will never accept this request as it is', async () => {
    receiver.answer({ status: 400, body: 'unknown recipient' });

    const failure = await failureOf(port.deliverNotification(tenderClosed()));

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: notificationRejectedFailure, nonRetryable: true, details: [{ status: 400 }] });
    expect((failure as Error).message).toContain('answered 400: unknown recipient');
    expect(receiver.received).toHaveLength(1);
    expect(logger.lines).toEqual([]);
  });

  it.each([
    [401, true],
    [404, true],
    [410, true],
    [422, true],
    [408, false],
    [429, false],
    [500, false],
    [502, false],
  ])('treats %i as final: %p', async (status, final) => {
    receiver.answer({ status });

    const failure = await failureOf(port.deliverNotification(tenderClosed()));

    expect(failure).toMatchObject({
      type: final ? notificationRejectedFailure : webhookUnavailableFailure,
      nonRetryable: final,
    });
  });

  it('does not follow a redirect, and retries so a corrected URL can still deliver it', async () => {
    receiver.answer({ status: 307, headers: { location: '/elsewhere' } });

    const failure = await failureOf(port.deliverNotification(tenderClosed()));

    expect(failure).toMatchObject({ type: webhookUnavailableFailure, nonRetryable: false });
    expect(receiver.received.map((request) => request.path)).toEqual(['/hooks/cls']);
  });

  it('gives up an attempt that gets no answer within the timeout, retryably', async () => {
    const impatient = createNotificationActivities({ webhook: { url: receiver.url, secret, timeoutMs: 200 }, logger });
    receiver.answer('hang');
    const started = performance.now();

    const failure = await failureOf(impatient.deliverNotification(tenderClosed()));

    expect(performance.now() - started).toBeLessThan(1_500);
    expect(failure).toMatchObject({ type: webhookUnavailableFailure, nonRetryable: false });
    expect((failure as Error).message).toContain('no answer within the timeout');
  });

  it('fails retryably when nothing listens at the URL', async () => {
    const { url } = receiver;
    await receiver.close();
    const unreachable = createNotificationActivities({ webhook: { url, secret, timeoutMs: 2_000 }, logger });

    const failure = await failureOf(unreachable.deliverNotification(tenderClosed()));

    expect(failure).toMatchObject({ type: webhookUnavailableFailure, nonRetryable: false });
    expect((failure as Error).message).toMatch(/unreachable: fetch failed \(.*ECONNREFUSED/);
  });
});
