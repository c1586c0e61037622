// REST calls of the social surface (friends, presence, messages, clans, notifications, challenges,
// reports), typed by what the server answers (README: "Social"). The client only renders these.
import type { ClanRole, FriendState, PublicUser, SocialMessage, SocialNotification, SocialPresence } from '@dojopool/shared/protocol/social.ts';
import { api } from '../net/api.ts';
import type { ChallengeView, ConversationsResponse, FriendRow } from './model.ts';

const id = encodeURIComponent;

export const listFriends = () => api<{ friends: FriendRow[] }>('GET', '/friends');
export const requestFriend = (username: string) => api<{ friend: { user: PublicUser; state: FriendState } }>('POST', '/friends', { username });
export const acceptFriend = (userId: string) => api<{ friend: FriendRow }>('POST', `/friends/${id(userId)}/accept`);
/** Declines, cancels or removes. */
export const dropFriend = (userId: string) => api<void>('DELETE', `/friends/${id(userId)}`);
export const blockUser = (userId: string) => api<{ friend: FriendRow }>('POST', `/friends/${id(userId)}/block`);
export const unblockUser = (userId: string) => api<void>('DELETE', `/friends/${id(userId)}/block`);
export const searchUsers = (q: string) => api<{ users: PublicUser[] }>('GET', `/users/search?q=${id(q)}`);
export const getPresence = () => api<{ appearOffline: boolean; presence: SocialPresence }>('GET', '/presence');
export const setAppearOffline = (appearOffline: boolean) => api<{ appearOffline: boolean; presence: SocialPresence }>('PUT', '/presence', { appearOffline });

export const conversations = () => api<ConversationsResponse>('GET', '/messages');
const page = (before?: string, limit?: number) => {
  const q = new URLSearchParams();
  if (before) q.set('before', before);
  if (limit) q.set('limit', String(limit));
  const s = q.toString();
  return s ? `?${s}` : '';
};
export const dmHistory = (userId: string, before?: string, limit?: number) => api<{ messages: SocialMessage[] }>('GET', `/messages/${id(userId)}${page(before, limit)}`);
export const sendDm = (userId: string, text: string) => api<{ message: SocialMessage }>('POST', `/messages/${id(userId)}`, { text });
export const readDm = (userId: string) => api<void>('POST', `/messages/${id(userId)}/read`, {});
export const muteDm = (userId: string, muted: boolean) => api<{ muted: boolean }>('PUT', `/messages/${id(userId)}/mute`, { muted });
export const clanHistory = (clanId: string, before?: string, limit?: number) => api<{ messages: SocialMessage[] }>('GET', `/clans/${id(clanId)}/messages${page(before, limit)}`);
export const sendClan = (clanId: string, text: string) => api<{ message: SocialMessage }>('POST', `/clans/${id(clanId)}/messages`, { text });
export const readClan = (clanId: string) => api<void>('POST', `/clans/${id(clanId)}/messages/read`, {});
export const muteClan = (clanId: string, muted: boolean) => api<{ muted: boolean }>('PUT', `/clans/${id(clanId)}/messages/mute`, { muted });
export const report = (r: { userId?: string; messageId?: string; reason: string }) => api<{ report: { id: string } }>('POST', '/reports', r);

export type ClanMember = { user: PublicUser; role: ClanRole; rating: number; joinedAt: string; presence?: SocialPresence };
export type ClanMatch = { id: string; game: string; mode: string; score: number[]; winnerSeat: number | null; finishedAt: string; players: { seat: number; userId: string | null; name: string; result: string | null }[] };
export type Clan = {
  id: string;
  name: string;
  tag: string;
  open: boolean;
  description: string;
  rating: number | null;
  memberCap: number;
  createdAt: string;
  members: ClanMember[];
  recentMatches: ClanMatch[];
  requests?: { user: PublicUser; kind: 'invite' | 'application'; createdAt: string }[];
};
export type ClanRow = { rank: number; id: string; name: string; tag: string; open: boolean; rating: number | null; members: number };

export const createClan = (b: { name: string; tag: string; open: boolean; description?: string }) => api<{ clan: Pick<Clan, 'id' | 'name' | 'tag' | 'open'> }>('POST', '/clans', b);
export const getClan = (clanId: string) => api<{ clan: Clan; myRole: ClanRole | null }>('GET', `/clans/${id(clanId)}`);
export const editClan = (clanId: string, b: { name?: string; tag?: string; open?: boolean; description?: string }) => api<{ clan: Clan }>('PATCH', `/clans/${id(clanId)}`, b);
export const disbandClan = (clanId: string) => api<void>('DELETE', `/clans/${id(clanId)}`);
export const joinClan = (clanId: string) => api<{ status: 'joined' | 'applied' }>('POST', `/clans/${id(clanId)}/join`);
export const inviteToClan = (clanId: string, username: string) => api<{ status: 'invited' | 'joined'; user: PublicUser }>('POST', `/clans/${id(clanId)}/invite`, { username });
export const dropClanRequest = (clanId: string, userId: string) => api<void>('DELETE', `/clans/${id(clanId)}/requests/${id(userId)}`);
export const setClanRole = (clanId: string, userId: string, role: ClanRole) => api<unknown>('PATCH', `/clans/${id(clanId)}/members/${id(userId)}`, { role });
export const kickMember = (clanId: string, userId: string) => api<void>('DELETE', `/clans/${id(clanId)}/members/${id(userId)}`);
export const leaveClan = (clanId: string) => api<{ status: 'left' | 'disbanded' }>('POST', `/clans/${id(clanId)}/leave`);
export const clanLeaderboard = (limit = 50, offset = 0) => api<{ clans: ClanRow[] }>('GET', `/clans/leaderboard?limit=${limit}&offset=${offset}`);

export const listNotifications = (before?: string) => api<{ notifications: SocialNotification[]; unread: number }>('GET', `/notifications?limit=50${before ? `&before=${id(before)}` : ''}`);
export const readNotification = (nid: string) => api<void>('POST', `/notifications/${id(nid)}/read`);
export const readAllNotifications = () => api<{ marked: number }>('POST', '/notifications/read-all');

export const pendingChallenges = () => api<{ challenges: ChallengeView[] }>('GET', '/challenges');
export const challenge = (b: { username: string; game: string; raceTo: number }) => api<{ challenge: ChallengeView }>('POST', '/challenges', b);
export const acceptChallenge = (cid: string) => api<{ roomId: string; challenge: ChallengeView }>('POST', `/challenges/${id(cid)}/accept`);
/** Declines (the challenged) or cancels (the challenger). */
export const dropChallenge = (cid: string) => api<void>('DELETE', `/challenges/${id(cid)}`);
