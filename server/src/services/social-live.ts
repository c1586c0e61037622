// Live delivery to signed-in users, whichever process they are connected to: every user has a
// pub/sub channel in Colyseus' presence (Redis when configured), the `me` room subscribes to it for
// each connected client, and anything social (a notification, a message, a friend's presence) is
// published there. Notifications are also stored, so a user who is offline reads them on return.
import { matchMaker } from '@colyseus/core';
import type { NotificationKind, SocialNotification } from '@dojopool/shared';
import type { Db } from '../db/index.ts';
import { insertNotification } from '../db/notifications.ts';

export const userChannel = (userId: string) => `dojopool:user:${userId}`;

export type LiveEnvelope = { type: 'presence' | 'notification' | 'message'; body: unknown };

export async function deliver(userId: string, type: LiveEnvelope['type'], body: unknown): Promise<void> {
  await matchMaker.presence.publish(userChannel(userId), { type, body } satisfies LiveEnvelope);
}

export function notificationView(n: { id: string; kind: string; data: Record<string, unknown>; created_at: Date; read_at: Date | null }): SocialNotification {
  return { id: n.id, kind: n.kind as NotificationKind, data: n.data, createdAt: new Date(n.created_at).toISOString(), readAt: n.read_at ? new Date(n.read_at).toISOString() : null };
}

/** Stores a notification for `userId` and pushes it to them if they are connected. */
export async function notify(db: Db, userId: string, kind: NotificationKind, data: Record<string, unknown>): Promise<SocialNotification> {
  const view = notificationView(await insertNotification(db, userId, kind, data));
  await deliver(userId, 'notification', view);
  return view;
}
