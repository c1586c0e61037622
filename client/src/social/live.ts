// The signed-in player's live social channel: one `me` room connection per tab (opened while a session
// exists, joined again with a fresh token after the SDK's own reconnection gives up), and what it
// feeds: friends' presence, unread counts per conversation, the notification list and bell count, the
// incoming challenges, and live messages for whichever conversation is on screen. Screens read it with
// useSocial() and listen for messages with onLiveMessage(). The reducers are pure (model.ts).
import type { Room } from '@colyseus/sdk';
import type { MeRoomMessages, PublicUser, SocialMessage, SocialNotification, SocialPresence } from '@dojopool/shared/protocol/social.ts';
import { useSyncExternalStore } from 'react';
import { accessToken, getSession, onSession } from '../net/api.ts';
import { colyseus } from '../net/rooms.ts';
import * as rest from './api.ts';
import {
  clockSkew,
  NO_NOTIFICATIONS,
  NO_UNREAD,
  notificationsReducer,
  unreadReducer,
  type ChallengeView,
  type ConversationKey,
  type NotificationAction,
  type Notifications,
  type Unread,
  type UnreadAction,
} from './model.ts';

export type Incoming = { challenge: ChallengeView; from: { id: string; username: string; displayName: string | null } | null; skewMs: number };

export type SocialState = {
  /** 'off' without a session; 'live' while the `me` room is connected. */
  link: 'off' | 'connecting' | 'live' | 'retrying';
  meId: string | null;
  presence: ReadonlyMap<string, SocialPresence>;
  unread: Unread;
  notifications: Notifications;
  incoming: Incoming[];
  /** The clan the player belongs to, as the conversations list says (null: none). */
  clanId: string | null;
  /** Who the direct conversations are with (from the conversations list and live messages), by user id. */
  people: Readonly<Record<string, PublicUser>>;
  /** A challenge the player made was accepted: the table to go to (consumed by the shell). */
  seat: { roomId: string; by: string } | null;
};

const initial: SocialState = { link: 'off', meId: null, presence: new Map(), unread: NO_UNREAD, notifications: NO_NOTIFICATIONS, incoming: [], clanId: null, people: {}, seat: null };
let state: SocialState = initial;
const subscribers = new Set<() => void>();
const messageListeners = new Set<(m: MeRoomMessages['message'] | { id: string; deleted: true }) => void>();
let openConversation: ConversationKey | null = null;

function set(patch: Partial<SocialState>) {
  state = { ...state, ...patch };
  for (const f of subscribers) f();
}
export const unread = (a: UnreadAction) => set({ unread: unreadReducer(state.unread, a) });
export const notifications = (a: NotificationAction) => set({ notifications: notificationsReducer(state.notifications, a) });

export function useSocial(): SocialState {
  return useSyncExternalStore(
    (cb) => (subscribers.add(cb), () => void subscribers.delete(cb)),
    () => state,
  );
}
export const socialState = () => state;

/** Live messages (new ones, and `{ id, deleted }` when a moderator removes one). */
export function onLiveMessage(f: (m: MeRoomMessages['message'] | { id: string; deleted: true }) => void): () => void {
  messageListeners.add(f);
  return () => void messageListeners.delete(f);
}

/** The conversation on screen: its live messages raise no unread count. */
export function setOpenConversation(key: ConversationKey | null) {
  openConversation = key;
  if (key) unread({ type: 'read', key });
}

export function takeSeat() {
  const s = state.seat;
  if (s) set({ seat: null });
  return s;
}

export function dismissIncoming(challengeId: string) {
  set({ incoming: state.incoming.filter((i) => i.challenge.id !== challengeId) });
}

/** Reads the conversations (unread counts, my clan) and pending challenges again. */
export async function refreshCounts(): Promise<void> {
  if (!getSession()) return;
  const [c, ch, n] = await Promise.all([rest.conversations(), rest.pendingChallenges(), rest.listNotifications()]);
  unread({ type: 'loaded', data: c });
  notifications({ type: 'loaded', list: n.notifications, unread: n.unread });
  const me = getSession()?.user.id;
  // Challenges to me that are pending: the ones not on screen yet come in with their sender from the notifications.
  const from = new Map(n.notifications.filter((x) => x.kind === 'challenge').map((x) => [(x.data as any).challenge?.id as string, (x.data as any).from]));
  const incoming = ch.challenges
    .filter((x) => x.toId === me && x.status === 'pending')
    .map((x) => state.incoming.find((i) => i.challenge.id === x.id) ?? { challenge: x, from: from.get(x.id) ?? null, skewMs: 0 });
  const people = { ...state.people };
  for (const x of c.conversations) if (x.user) people[x.userId] = x.user;
  set({ clanId: c.clan?.clanId ?? null, incoming, people });
}

let room: Room | null = null;
let generation = 0;
let retry: ReturnType<typeof setTimeout> | null = null;

const notificationListeners = new Set<(n: SocialNotification) => void>();
/** Hears every notification the account's channel delivers (the match-ready notice uses it). */
export function onMeNotification(f: (n: SocialNotification) => void): () => void {
  notificationListeners.add(f);
  return () => notificationListeners.delete(f);
}

function onNotification(n: SocialNotification, receivedAt: number) {
  notifications({ type: 'arrived', notification: n });
  for (const f of notificationListeners) f(n);
  const d = n.data as Record<string, any>;
  if (n.kind === 'challenge' && d.challenge) {
    if (!state.incoming.some((i) => i.challenge.id === d.challenge.id)) set({ incoming: [...state.incoming, { challenge: d.challenge, from: d.from ?? null, skewMs: clockSkew(n.createdAt, receivedAt) }] });
  } else if (n.kind === 'challenge_accepted' && typeof d.roomId === 'string') {
    set({ seat: { roomId: d.roomId, by: d.by?.displayName || d.by?.username || 'your opponent' } });
  } else if (n.kind === 'clan_joined' || n.kind === 'clan_kicked') {
    void refreshCounts().catch(() => undefined);
  }
}

async function connect(gen: number) {
  if (retry) clearTimeout(retry);
  retry = null;
  const s = getSession();
  if (!s) return;
  set({ link: state.link === 'off' ? 'connecting' : 'retrying', meId: s.user.id });
  try {
    const token = await accessToken();
    const r = await colyseus().joinOrCreate('me', { token });
    if (gen !== generation) return void r.leave(true).catch(() => undefined);
    room = r;
    r.onMessage('welcome', (w: { unreadNotifications: number }) => notifications({ type: 'welcome', unread: w.unreadNotifications }));
    r.onMessage('presence', (p: MeRoomMessages['presence']) => {
      const next = new Map(state.presence);
      next.set(p.userId, p.presence);
      set({ presence: next });
    });
    r.onMessage('notification', (n: SocialNotification) => onNotification(n, Date.now()));
    r.onMessage('message', (m: (SocialMessage & { muted: boolean }) | { id: string; deleted: true }) => {
      if (!('deleted' in m)) {
        if (m.from && m.from.id !== s.user.id && !state.people[m.from.id]) set({ people: { ...state.people, [m.from.id]: m.from } });
        unread({ type: 'message', message: m, meId: s.user.id, open: openConversation });
      }
      for (const f of messageListeners) f(m);
    });
    r.onMessage('error', () => undefined);
    r.onDrop(() => set({ link: 'retrying' }));
    r.onReconnect(() => (set({ link: 'live' }), void refreshCounts().catch(() => undefined)));
    r.onLeave(() => {
      if (room !== r || gen !== generation) return;
      room = null;
      set({ link: 'retrying' });
      retry = setTimeout(() => void connect(gen), 3000);
    });
    set({ link: 'live' });
    // What happened while away (notifications kept for us, unread counts, pending challenges).
    await refreshCounts().catch(() => undefined);
  } catch {
    if (gen !== generation) return;
    set({ link: 'retrying' });
    retry = setTimeout(() => void connect(gen), 5000);
  }
}

function disconnect() {
  generation++;
  if (retry) clearTimeout(retry);
  retry = null;
  const r = room;
  room = null;
  if (r) void r.leave(true).catch(() => undefined);
  state = initial;
  for (const f of subscribers) f();
}

let started = false;
/** Opens the channel for the current session and follows log-in and log-out; idempotent. */
export function startSocial() {
  if (started) return;
  started = true;
  let current = getSession()?.user.id ?? null;
  if (current) void connect(++generation);
  onSession((s) => {
    const id = s?.user.id ?? null;
    if (id === current) return;
    current = id;
    disconnect();
    if (id) void connect(++generation);
  });
}
