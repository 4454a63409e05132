import { createHmac } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { tenderClosed, webhookSecret } from './__fixtures__/notifications';
import { retryAfterMs, signWebhook, type SignedWebhook } from './webhook.channel';

describe('signWebhook (Standard Webhooks)', () => {
  const secret = webhookSecret();
  const signer = new Webhook(secret);

  it('signs a payload that the library verifies, carrying the notification as the spec’s data', () => {
    const notification = tenderClosed();
    const attemptAt = new Date();

    const { body, headers } = signWebhook(signer, notification, attemptAt);

    expect(new Webhook(secret).verify(body, headers)).toEqual({
      type: 'TenderClosed',
      timestamp: notification.occurredAt,
      data: notification,
    });
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': notification.id,
      'webhook-timestamp': String(Math.floor(attemptAt.getTime() / 1000)),
    });
  });

  it('is HMAC-SHA256 of "id.timestamp.body" under the base64-decoded whsec_ key, as the spec defines it', () => {
    const notification = tenderClosed();
    const attemptAt = new Date('2026-03-02T12:00:05.900Z');

    const { body, headers } = signWebhook(signer, notification, attemptAt);

    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${notification.id}.1772452805.${body}`).digest('base64');
    expect(headers['webhook-timestamp']).toBe('1772452805');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
  });

  it('keeps the id on every attempt and signs each attempt’s own time', () => {
    const notification = tenderClosed();
    const first = signWebhook(signer, notification, new Date());
    const later = signWebhook(signer, notification, new Date(Date.now() + 60_000));

    expect(later.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(later.body).toBe(first.body);
    expect(later.headers['webhook-timestamp']).not.toBe(first.headers['webhook-timestamp']);
    expect(() => new Webhook(secret).verify(later.body, later.headers)).not.toThrow();
  });

  const anHourAgo = (): string => String(Math.floor(Date.now() / 1000) - 3600);
  it.each<[string, (signed: SignedWebhook) => unknown]>([
    ['another secret', ({ body, headers }) => new Webhook(webhookSecret()).verify(body, headers)],
    ['an altered body', ({ body, headers }) => signer.verify(body.replace('4 bids', '5 bids'), headers)],
    ['another id', ({ body, headers }) => signer.verify(body, { ...headers, 'webhook-id': tenderClosed().id })],
    ['an hour-old timestamp', ({ body, headers }) => signer.verify(body, { ...headers, 'webhook-timestamp': anHourAgo() })],
  ])('is refused by a receiver given %s', (_case, verify) => {
    expect(() => verify(signWebhook(signer, tenderClosed(), new Date()))).toThrow(WebhookVerificationError);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-02T12:00:00Z');

  it.each([
    ['delay-seconds', '7', 7_000],
    ['an HTTP-date', 'Mon, 02 Mar 2026 12:00:30 GMT', 30_000],
    ['a delay past an hour, capped', '86400', 3_600_000],
  ])('reads %s', (_case, header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });

  it.each([null, '', 'soon', '0', 'Mon, 02 Mar 2026 11:00:00 GMT'])('leaves the backoff to the policy for %p', (header) => {
    expect(retryAfterMs(header, now)).toBeUndefined();
  });
});
