import {
  notificationRejectedFailure,
  type Notification,
  type NotificationDelivery,
} from '@cls/workflows/notifications';
import { ApplicationFailure } from '@temporalio/common';
import { Webhook } from 'standardwebhooks';

export interface WebhookSettings {
  url: string;
  /** `whsec_` + base64, as NotifyEnv validates it. */
  secret: string;
  timeoutMs: number;
}

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/** The activity error type of an attempt that may succeed later: the retry policy decides how long to try. */
export const webhookUnavailableFailure = 'WebhookUnavailable';

/** Retry-After is honoured up to an hour, so a mistaken header cannot hold back a deadline's notice for days. */
const maxRetryAfterMs = 60 * 60 * 1000;

/**
 * The Standard Webhooks request for one attempt. The payload is the spec's `{ type, timestamp, data }` with the
 * notification as data; `webhook-id` is the notification's id on every attempt, so receivers can drop repeats,
 * while `webhook-timestamp` is the attempt's time, which receivers check against replays.
 */
export const signWebhook = (signer: Webhook, notification: Notification, attemptAt: Date): SignedWebhook => {
  const body = JSON.stringify({ type: notification.type, timestamp: notification.occurredAt, data: notification });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': notification.id,
      'webhook-timestamp': String(Math.floor(attemptAt.getTime() / 1000)),
      'webhook-signature': signer.sign(notification.id, attemptAt, body),
    },
  };
};

/** Delivers by POSTing the signed notification; see NotificationActivities for what is retried. */
export const createWebhookChannel = ({ url, secret, timeoutMs }: WebhookSettings) => {
  const signer = new Webhook(secret);
  const target = new URL(url).origin;

  return async (notification: Notification): Promise<NotificationDelivery> => {
    const { body, headers } = signWebhook(signer, notification, new Date());
    let response: Response;
    try {
      // A redirect is reported, not followed: the spec counts it a failure, and the fix is a new CLS_WEBHOOK_URL.
      response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw ApplicationFailure.create({
        message: `webhook ${target} unreachable: ${reasonOf(error)}`,
        type: webhookUnavailableFailure,
        ...(error instanceof Error ? { cause: error } : {}),
      });
    }

    const { status } = response;
    const answer = await readAnswer(response);
    if (status >= 200 && status < 300) return { channel: 'webhook', delivered: true, status };

    const message = `webhook ${target} answered ${status}${answer ? `: ${answer}` : ''}`;
    // 408 and 429 say "later"; any other 4xx says this request will never be accepted as it is.
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      throw ApplicationFailure.nonRetryable(message, notificationRejectedFailure, { status });
    }
    const retryAfter = retryAfterMs(response.headers.get('retry-after'), Date.now());
    throw ApplicationFailure.create({
      message,
      type: webhookUnavailableFailure,
      details: [{ status }],
      ...(retryAfter === undefined ? {} : { nextRetryDelay: retryAfter }),
    });
  };
};

/** Enough of the receiver's answer to say why it refused, read within the same timeout. */
const readAnswer = async (response: Response): Promise<string> => {
  try {
    return (await response.text()).slice(0, 500).trim();
  } catch {
    return '';
  }
};

/** RFC 9110 Retry-After: delay-seconds or an HTTP-date. */
export const retryAfterMs = (header: string | null, nowMs: number): number | undefined => {
  if (header === null) return undefined;
  const trimmed = header.trim();
  const delayMs = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - nowMs;
  if (!Number.isFinite(delayMs) || delayMs <= 0) return undefined;
  return Math.min(delayMs, maxRetryAfterMs);
};

/**
 * fetch's errors come from Node's own realm (a DOMException for the timeout, undici's TypeError with the socket's
 * reason in `cause`), so they are read by shape rather than by `instanceof`.
 */
const reasonOf = (error: unknown): string => {
  const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as Partial<Error>;
  if (name === 'TimeoutError') return 'no answer within the timeout';
  if (typeof message !== 'string') return String(error);
  const reason = (cause as Partial<Error> | undefined)?.message;
  return typeof reason === 'string' ? `${message} (${reason})` : message;
};
