// The per-user live channel: `joinOrCreate('me', { token })`. Accounts only. Each connected client is
// subscribed to its own user's pub/sub channel (services/social-live.ts) and receives `presence`,
// `notification` and `message` exactly as the REST calls return them, whichever process published
// them. Many users share one room instance (it holds no state of its own; a client only ever hears its
// own channel), so a process needs no room per user. Opening and closing connections drives the
// online/offline part of presence.
import { Room, type Client } from '@colyseus/core';
import { matchMaker } from '@colyseus/core';
import { unreadNotifications } from '../db/notifications.ts';
import type { Logger } from '../log.ts';
import { connectionChanged, ONLINE_TTL_S, refreshOnline, setHidden } from '../services/presence.ts';
import { userChannel, type LiveEnvelope } from '../services/social-live.ts';
import { authenticateJoin, joinError, type MatchAuth } from './match-auth.ts';
import { roomServices } from './room-services.ts';

type Listener = (e: LiveEnvelope) => void;

export class MeRoom extends Room {
  override maxClients = 1000;
  override maxMessagesPerSecond = 2;
  private log!: Logger;
  private listeners = new Map<string, { userId: string; listener: Listener }>();
  private refresh: ReturnType<typeof setInterval> | null = null;

  static override async onAuth(token: string | undefined, options: unknown) {
    const o = (options ?? {}) as Record<string, unknown>;
    if (typeof o !== 'object' || Array.isArray(o)) throw joinError(400, 'bad_options', 'options must be an object');
    for (const k of Object.keys(o)) if (k !== 'token') throw joinError(400, 'bad_options', `${JSON.stringify(k).slice(0, 40)} is not an option of the me room`);
    return authenticateJoin(token, { token: o.token }, { accountOnly: 'the me room needs an account: log in' });
  }

  override onCreate() {
    this.log = roomServices().log.child({ room: 'me', roomId: this.roomId });
    this.onMessage('*', (client) => client.send('error', { code: 'bad_message', message: 'the me room takes no messages; use the REST API' }));
    this.refresh = setInterval(() => {
      refreshOnline([...this.listeners.values()].map((l) => l.userId)).catch((err) => this.log.warn({ err: (err as Error).message }, 'presence refresh failed'));
    }, (ONLINE_TTL_S * 1000) / 3);
  }

  override async onJoin(client: Client) {
    const userId = (client.auth as MatchAuth).userId!;
    const { database } = roomServices();
    const listener: Listener = (e) => {
      if (e && typeof e === 'object' && (e.type === 'presence' || e.type === 'notification' || e.type === 'message')) client.send(e.type, e.body);
    };
    this.listeners.set(client.sessionId, { userId, listener });
    await matchMaker.presence.subscribe(userChannel(userId), listener);
    const user = await database.db.selectFrom('users').select('appear_offline').where('id', '=', userId).executeTakeFirst();
    if (user?.appear_offline) await setHidden(database.db, userId, true);
    await connectionChanged(database.db, userId, 1);
    client.send('welcome', { userId, unreadNotifications: await unreadNotifications(database.db, userId) });
  }

  override async onLeave(client: Client) {
    const l = this.listeners.get(client.sessionId);
    if (!l) return;
    this.listeners.delete(client.sessionId);
    await matchMaker.presence.unsubscribe(userChannel(l.userId), l.listener);
    await connectionChanged(roomServices().database.db, l.userId, -1).catch((err) => this.log.warn({ err: (err as Error).message }, 'presence update failed'));
  }

  override onDispose() {
    if (this.refresh) clearInterval(this.refresh);
  }
}
