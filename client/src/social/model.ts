// The social screens' pure core: how presence reads, how a friends list is grouped and ordered, the
// unread counts per conversation (what the nav badge totals), the notification list and bell count as
// live messages arrive, what each notification says, and a challenge's countdown. No DOM, no network,
// no clock of its own (callers pass `now`); tested in client/test/social-model.test.ts.
import { GAME_KINDS } from '@dojopool/shared/rules/registry.ts';
import type { FriendState, MeRoomMessages, PresenceStatus, PublicUser, SocialMessage, SocialNotification, SocialPresence } from '@dojopool/shared/protocol/social.ts';

export const PRESENCE_LABEL: Record<PresenceStatus, string> = {
  offline: 'Offline',
  online: 'Online',
  in_match: 'In a match',
  watching: 'Watching a match',
  queued: 'In the ranked queue',
};

/** A presence as a short label, and whether it carries a table to watch. */
export function presenceLabel(p: SocialPresence | null | undefined): { text: string; status: PresenceStatus; watchRoomId: string | null } {
  const status = p?.status && p.status in PRESENCE_LABEL ? p.status : 'offline';
  const watchRoomId = (status === 'in_match' || status === 'watching') && p?.roomId ? p.roomId : null;
  return { text: PRESENCE_LABEL[status], status, watchRoomId };
}

/** Active first (in a match, queued, watching, online), then offline; by name within each. */
const PRESENCE_ORDER: Record<PresenceStatus, number> = { in_match: 0, queued: 1, watching: 2, online: 3, offline: 4 };

export const nameOf = (u: PublicUser | null | undefined) => (u ? u.displayName || u.username : 'deleted player');

export type FriendRow = { user: PublicUser; state: FriendState; presence?: SocialPresence };

export type FriendGroups = { friends: FriendRow[]; received: FriendRow[]; sent: FriendRow[]; blocked: FriendRow[] };

/** The list as the screen shows it, with live presence (`live` overrides what the list was loaded with). */
export function groupFriends(rows: readonly FriendRow[], live: ReadonlyMap<string, SocialPresence> = new Map()): FriendGroups {
  const g: FriendGroups = { friends: [], received: [], sent: [], blocked: [] };
  for (const r of rows) {
    const row = r.state === 'friend' ? { ...r, presence: live.get(r.user.id) ?? r.presence ?? { status: 'offline' as const } } : r;
    ({ friend: g.friends, invite_received: g.received, invite_sent: g.sent, blocked: g.blocked })[r.state].push(row);
  }
  const byName = (a: FriendRow, b: FriendRow) => nameOf(a.user).localeCompare(nameOf(b.user));
  g.friends.sort((a, b) => PRESENCE_ORDER[presenceLabel(a.presence).status] - PRESENCE_ORDER[presenceLabel(b.presence).status] || byName(a, b));
  g.received.sort(byName);
  g.sent.sort(byName);
  g.blocked.sort(byName);
  return g;
}

// ---- unread messages ----

/** A conversation's key: `dm:<userId>` or `clan:<clanId>` (the server's own naming). */
export type ConversationKey = `dm:${string}` | `clan:${string}`;
export type Unread = { counts: Record<string, number>; muted: Record<string, boolean> };
export const NO_UNREAD: Unread = { counts: {}, muted: {} };

export type ConversationsResponse = {
  conversations: { user: PublicUser | null; userId: string; lastMessageId: string; unread: number; muted: boolean }[];
  clan: { clanId: string; lastMessageId: string | null; unread: number; muted: boolean } | null;
};

/** Which conversation a live message belongs to, seen by `meId`. */
export function conversationOf(m: Pick<SocialMessage, 'from' | 'to' | 'clanId'>, meId: string): ConversationKey | null {
  if (m.clanId) return `clan:${m.clanId}`;
  const other = m.from?.id === meId ? m.to : m.from?.id;
  return other ? `dm:${other}` : null;
}

export type UnreadAction =
  | { type: 'loaded'; data: ConversationsResponse }
  | { type: 'message'; message: MeRoomMessages['message']; meId: string; open: ConversationKey | null }
  | { type: 'read'; key: ConversationKey }
  | { type: 'muted'; key: ConversationKey; muted: boolean };

export function unreadReducer(s: Unread, a: UnreadAction): Unread {
  switch (a.type) {
    case 'loaded': {
      const counts: Record<string, number> = {};
      const muted: Record<string, boolean> = {};
      for (const c of a.data.conversations) {
        counts[`dm:${c.userId}`] = c.unread;
        muted[`dm:${c.userId}`] = c.muted;
      }
      if (a.data.clan) {
        counts[`clan:${a.data.clan.clanId}`] = a.data.clan.unread;
        muted[`clan:${a.data.clan.clanId}`] = a.data.clan.muted;
      }
      return { counts, muted };
    }
    case 'message': {
      const key = conversationOf(a.message, a.meId);
      // One's own messages (from this or another tab) and the conversation on screen add nothing.
      if (!key || a.message.from?.id === a.meId || key === a.open) return s;
      return { counts: { ...s.counts, [key]: (s.counts[key] ?? 0) + 1 }, muted: a.message.muted ? { ...s.muted, [key]: true } : s.muted };
    }
    case 'read':
      return s.counts[a.key] ? { ...s, counts: { ...s.counts, [a.key]: 0 } } : s;
    case 'muted':
      return { ...s, muted: { ...s.muted, [a.key]: a.muted } };
  }
}

/** What the nav badge shows: unread messages in conversations that are not muted. */
export function unreadTotal(s: Unread, prefix?: 'dm:' | 'clan:'): number {
  let n = 0;
  for (const [k, c] of Object.entries(s.counts)) if (!s.muted[k] && (!prefix || k.startsWith(prefix))) n += c;
  return n;
}

/** A badge's text: nothing at 0, 99+ past 99. */
export const badgeText = (n: number) => (n <= 0 ? '' : n > 99 ? '99+' : String(n));

// ---- notifications ----

export type Notifications = { list: SocialNotification[]; unread: number; loaded: boolean };
export const NO_NOTIFICATIONS: Notifications = { list: [], unread: 0, loaded: false };

export type NotificationAction =
  | { type: 'welcome'; unread: number }
  | { type: 'loaded'; list: SocialNotification[]; unread: number }
  | { type: 'arrived'; notification: SocialNotification }
  | { type: 'read'; id: string; at: string }
  | { type: 'read_all'; at: string };

export function notificationsReducer(s: Notifications, a: NotificationAction): Notifications {
  switch (a.type) {
    case 'welcome':
      return { ...s, unread: a.unread };
    case 'loaded':
      return { list: a.list, unread: a.unread, loaded: true };
    case 'arrived':
      // The same notification twice (a reconnect racing a reload) counts once.
      if (s.list.some((n) => n.id === a.notification.id)) return s;
      return { ...s, list: [a.notification, ...s.list], unread: s.unread + (a.notification.readAt ? 0 : 1) };
    case 'read': {
      const n = s.list.find((x) => x.id === a.id);
      if (n?.readAt) return s;
      return { ...s, list: s.list.map((x) => (x.id === a.id ? { ...x, readAt: a.at } : x)), unread: Math.max(0, s.unread - 1) };
    }
    case 'read_all':
      return { ...s, list: s.list.map((x) => (x.readAt ? x : { ...x, readAt: a.at })), unread: 0 };
  }
}

type Clanish = { id?: string; name?: string; tag?: string };
const who = (u: unknown) => nameOf(u as PublicUser | null);
const clanName = (c: unknown) => {
  const x = (c ?? {}) as Clanish;
  return x.tag ? `${x.name} [${x.tag}]` : (x.name ?? 'a clan');
};

/** What a notification says, and where it leads (a path builder's input). */
export function notificationText(n: Pick<SocialNotification, 'kind' | 'data'>): { text: string; link: { to: 'friends' | 'clan' | 'play' | 'tournament' | 'challenge'; id?: string } | null } {
  const d = n.data as Record<string, any>;
  switch (n.kind) {
    case 'friend_request':
      return { text: `${who(d.from)} wants to be your friend`, link: { to: 'friends' } };
    case 'friend_accepted':
      return { text: `${who(d.by)} accepted your friend request`, link: { to: 'friends' } };
    case 'clan_invite':
      return { text: `${who(d.by)} invited you to ${clanName(d.clan)}`, link: { to: 'clan', id: d.clan?.id } };
    case 'clan_application':
      return { text: `${who(d.user)} applied to join ${clanName(d.clan)}`, link: { to: 'clan', id: d.clan?.id } };
    case 'clan_joined':
      return { text: `You joined ${clanName(d.clan)}`, link: { to: 'clan', id: d.clan?.id } };
    case 'clan_kicked':
      return { text: `You were removed from ${clanName(d.clan)}`, link: null };
    case 'clan_role':
      return { text: `You are now ${d.role === 'leader' ? 'the leader' : `an ${d.role === 'officer' ? 'officer' : 'member'}`} of ${clanName(d.clan)}`, link: { to: 'clan', id: d.clan?.id } };
    case 'challenge':
      return { text: `${who(d.from)} challenged you: ${challengeTerms(d.challenge)}`, link: { to: 'challenge', id: d.challenge?.id } };
    case 'challenge_accepted':
      return { text: `${who(d.by)} accepted your challenge`, link: d.roomId ? { to: 'play', id: d.roomId } : null };
    case 'challenge_declined':
      return { text: `${who(d.by)} declined your challenge`, link: null };
    default: {
      // Kinds added later (a tournament's "your match is ready") still read sensibly.
      const k = String((n as { kind: string }).kind);
      if (/tournament/.test(k)) return { text: d.text ?? `Your tournament match is ready${d.tournament?.name ? ` in ${d.tournament.name}` : ''}`, link: d.roomId ? { to: 'play', id: d.roomId } : d.tournamentId ? { to: 'tournament', id: d.tournamentId } : null };
      return { text: typeof d.text === 'string' ? d.text : k.replace(/_/g, ' '), link: null };
    }
  }
}

// ---- challenges ----

export type ChallengeView = { id: string; fromId: string; toId: string; game: string; raceTo: number; mode: 'casual'; status: string; roomId: string | null; createdAt: string; expiresAt: string };

export function challengeTerms(c: { game?: string; raceTo?: number } | null | undefined, gameName: (g: string) => string = (g) => g): string {
  if (!c) return 'a match';
  return `${gameName(c.game ?? GAME_KINDS[0]!)}, race to ${c.raceTo ?? 1}, casual`;
}

/**
 * Seconds left before a challenge expires, by the server's clock: `skewMs` is the server's clock minus
 * this browser's (estimated when the challenge arrived live), so a wrong local clock does not end it early.
 */
export function secondsLeft(expiresAt: string, now: number, skewMs = 0): number {
  const t = Date.parse(expiresAt);
  if (!Number.isFinite(t)) return 0;
  return Math.max(0, Math.ceil((t - (now + skewMs)) / 1000));
}

/** Server minus local clock, from a live message stamped by the server and received at `receivedAt`; 0 when within a second (delivery delay). */
export function clockSkew(serverStamp: string, receivedAt: number): number {
  const t = Date.parse(serverStamp);
  if (!Number.isFinite(t)) return 0;
  const d = t - receivedAt;
  return Math.abs(d) < 1000 ? 0 : d;
}

/** 4:05, 0:09. */
export const countdown = (s: number) => `${Math.floor(s / 60)}:${String(Math.max(0, s) % 60).padStart(2, '0')}`;

// ---- message history ----

/** Merges a page or a live message into a history (oldest first), without duplicates; deleted ids go. */
export function mergeMessages(list: readonly SocialMessage[], add: readonly SocialMessage[], deleted: readonly string[] = []): SocialMessage[] {
  const by = new Map<string, SocialMessage>();
  for (const m of list) by.set(m.id, m);
  for (const m of add) by.set(m.id, m);
  for (const id of deleted) by.delete(id);
  return [...by.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
}

/** Characters left in a message as the server counts them (trimmed); negative past the limit. */
export const charsLeft = (text: string, limit: number) => limit - text.trim().length;

/** A send error as the sender reads it, by the server's code. */
export function sendErrorText(code: string, message: string): string {
  switch (code) {
    case 'rate_limited':
      return `Slow down: ${message.replace(/^you are sending messages too fast; /, '')}`;
    case 'blocked':
      return 'You cannot message this player (one of you has blocked the other).';
    case 'not_friends':
      return 'You can only message friends: this player is not (or no longer) your friend.';
    default:
      return message;
  }
}
