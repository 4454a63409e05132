import type { NotifyEnv } from '@cls/config';
import {
  Notification,
  notificationRejectedFailure,
  type NotificationActivities,
  type NotificationDelivery,
} from '@cls/workflows/notifications';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { createWebhookChannel, type WebhookSettings } from './webhook.channel';

/** The part of a pino logger the port uses. */
export interface NotificationLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface NotificationActivityDeps {
  /** Without a webhook, notifications are only logged: nobody is told, and the delivery says so. */
  webhook?: WebhookSettings;
  logger: NotificationLogger;
}

export const webhookSettingsFrom = (env: NotifyEnv): WebhookSettings | undefined =>
  env.CLS_WEBHOOK_URL !== undefined && env.CLS_WEBHOOK_SECRET !== undefined
    ? { url: env.CLS_WEBHOOK_URL, secret: env.CLS_WEBHOOK_SECRET, timeoutMs: env.CLS_WEBHOOK_TIMEOUT_MS }
    : undefined;

const logChannel =
  (logger: NotificationLogger) =>
  async (notification: Notification): Promise<NotificationDelivery> => {
    logger.info({ notification }, 'Notification not delivered: no webhook is configured');
    return { channel: 'log', delivered: false };
  };

/** The delivery port bound to the configured channel. Tests build it with a local receiver's URL. */
export const createNotificationActivities = ({ webhook, logger }: NotificationActivityDeps): NotificationActivities => {
  const deliver = webhook ? createWebhookChannel(webhook) : logChannel(logger);
  return {
    async deliverNotification(input) {
      // Workflow code builds notifications with types only, so this is where a malformed one is caught; it
      // would be just as malformed on every retry.
      const parsed = Notification.safeParse(input);
      if (!parsed.success) {
        throw ApplicationFailure.nonRetryable(
          `malformed notification: ${z.prettifyError(parsed.error)}`,
          notificationRejectedFailure,
        );
      }
      const delivery = await deliver(parsed.data);
      if (delivery.delivered) {
        const { id, type, contractId } = parsed.data;
        const { channel, status } = delivery;
        logger.info({ notificationId: id, type, contractId, channel, status }, 'Notification delivered');
      }
      return delivery;
    },
  };
};
