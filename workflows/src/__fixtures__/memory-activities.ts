// In-memory stand-ins for the workflows' ports: enough to test the workflows' logic, not the store's or a channel's.
import type { StoredEvent } from '@cls/domain';
import { ApplicationFailure } from '@temporalio/common';
import type { ContractActivities } from '../contract/contract.activities';
import type { NoticeActivities, NoticePublication } from '../contract/notice-publisher.port';
import type { Notification, NotificationActivities } from '../notifications/notification.port';

export const memoryActivities = () => {
  const streams = new Map<string, StoredEvent[]>();
  const notifications: Notification[] = [];
  const published: NoticePublication[] = [];
  let position = 0;
  const activities: ContractActivities & NotificationActivities & NoticeActivities = {
    async appendEvents({ streamId, expectedVersion, events }) {
      const stream = streams.get(streamId) ?? [];
      if (stream.length !== expectedVersion) throw ApplicationFailure.nonRetryable('stale', 'WrongExpectedVersion');
      const stored = events.map((event, index) => ({
        ...event,
        streamId,
        streamVersion: expectedVersion + index + 1,
        globalPosition: String(++position),
        metadata: { ...event.metadata, recordedAt: new Date().toISOString() },
      }));
      streams.set(streamId, [...stream, ...stored]);
      return { nextVersion: expectedVersion + events.length, events: stored };
    },
    loadStream: async ({ streamId, afterVersion, limit }) =>
      (streams.get(streamId) ?? []).filter((e) => e.streamVersion > afterVersion && e.streamVersion <= afterVersion + limit),
    deliverNotification: async (notification) => {
      notifications.push(notification);
      return { channel: 'log', delivered: false };
    },
    publishNotice: async (publication) => {
      published.push(publication);
      return { platformNoticeId: `memory-${publication.noticeId}`, publishedAt: publication.requestedAt, publisher: 'memory' };
    },
  };
  const typesOf = (streamId: string): string[] => (streams.get(streamId) ?? []).map((event) => event.type);
  return { activities, streams, notifications, published, typesOf };
};
