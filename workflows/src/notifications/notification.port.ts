import { Role } from '@cls/domain';
import { z } from 'zod';

/**
 * A notification that a workflow hands to the delivery port when a durable deadline passes (tender closed,
 * standstill ended, a signature chaser …). It is plain data, independent of Temporal and of any channel, so the
 * webhook payload and a receiver's parser share this one schema. Workflow code imports this module for its types
 * only: the worker validates with the schema at the activity boundary.
 */

/** Someone to tell: a role (everyone in it), an organisation (a bidder), or a role within an organisation. */
export const NotificationRecipient = z
  .object({
    role: Role.exclude(['system']).optional(),
    organisation: z.string().min(1).max(200).optional(),
  })
  .refine((recipient) => recipient.role !== undefined || recipient.organisation !== undefined, {
    message: 'a recipient names a role, an organisation or both',
  });
export type NotificationRecipient = z.infer<typeof NotificationRecipient>;

export const Notification = z.object({
  /**
   * The id of the event that caused the notification. It is the idempotency key: every delivery attempt of
   * this notification carries it (the webhook's `webhook-id`), so a receiver can drop repeats.
   */
  id: z.uuid(),
  /**
   * The type of the causing event (`TenderClosed`, `StandstillEnded`, `ReminderIssued`, `FinanceNotified` …).
   * The domain owns the list of event types, so a second closed list here would only drift from it; the
   * pattern keeps it a valid Standard Webhooks type identifier.
   */
  type: z.string().regex(/^[A-Z][A-Za-z0-9]{0,99}$/, 'an event type in PascalCase'),
  contractId: z.uuid(),
  /** The child process that raised it (a tender's id), when it is not the contract's own workflow. */
  processId: z.string().min(1).max(200).optional(),
  /** When the causing event happened (the workflow's clock), not when a delivery was attempted. */
  occurredAt: z.iso.datetime({ offset: true }),
  recipients: z.array(NotificationRecipient).min(1).max(100),
  /** One line a person reads first, e.g. "Tender for domiciliary care closed with 4 bids". */
  subject: z.string().trim().min(1).max(200),
  /** What a recipient needs to act on, as JSON values (deadlines as ISO instants, counts, names). */
  facts: z.record(z.string(), z.json()),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationChannel = z.enum(['webhook', 'log']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const NotificationDelivery = z.object({
  channel: NotificationChannel,
  /** False when no channel that reaches people is configured and the notification was only logged. */
  delivered: z.boolean(),
  /** The receiver's HTTP status, for the webhook channel. */
  status: z.number().int().min(100).max(599).optional(),
});
export type NotificationDelivery = z.infer<typeof NotificationDelivery>;

/**
 * The delivery port. The worker implements it (apps/worker, `createNotificationActivities`). A delivery that
 * can succeed later (a timeout, a 5xx, a 429) fails retryably, so the activity's retry policy decides how long
 * to keep trying; one that cannot (the receiver refused it, or the notification is malformed) fails with
 * `notificationRejectedFailure` and is not retried.
 */
export interface NotificationActivities {
  deliverNotification(notification: Notification): Promise<NotificationDelivery>;
}

/** The activity error type of a notification that no retry can deliver. */
export const notificationRejectedFailure = 'NotificationRejected';
