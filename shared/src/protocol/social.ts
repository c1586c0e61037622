// The social surface's shapes and limits, shared by the server (which enforces them) and the client
// (which shows them): friend states as Nakama names them, presence, clan roles and what each may do,
// and the live messages of the per-user `me` room.
export const SOCIAL_LIMITS = {
  /** Characters in one direct or clan message. */
  messageLength: 500,
  /** Messages a user may send in `messageWindowS` seconds (direct and clan together). */
  messagesPerWindow: 10,
  messageWindowS: 10,
  /** History page size: default and maximum. */
  historyPage: 50,
  historyPageMax: 100,
  clanMemberCap: 50,
  clanNameLength: { min: 3, max: 32 },
  clanTagLength: { min: 2, max: 5 },
  /** A challenge not accepted in this time expires. */
  challengeTtlS: 300,
  reportReasonLength: 500,
  /** How many of a clan's best-rated members make its rating (their mean). */
  clanRatingTop: 5,
} as const;

export type FriendState = 'friend' | 'invite_sent' | 'invite_received' | 'blocked';
export type PresenceStatus = 'offline' | 'online' | 'in_match' | 'watching' | 'queued';
export type SocialPresence = { status: PresenceStatus; roomId?: string; matchId?: string };
export type ClanRole = 'leader' | 'officer' | 'member';

/**
 * What each clan role may do. The leader alone edits the clan, changes roles, hands over and disbands;
 * officers invite, accept applications and kick plain members; members chat and leave.
 */
export const CLAN_PERMISSIONS = {
  invite: ['leader', 'officer'],
  acceptApplication: ['leader', 'officer'],
  kickMember: ['leader', 'officer'],
  kickOfficer: ['leader'],
  setRole: ['leader'],
  edit: ['leader'],
  disband: ['leader'],
} as const satisfies Record<string, readonly ClanRole[]>;

export type ClanAction = keyof typeof CLAN_PERMISSIONS;

export function clanMay(role: ClanRole | null | undefined, action: ClanAction): boolean {
  return !!role && (CLAN_PERMISSIONS[action] as readonly ClanRole[]).includes(role);
}

export type PublicUser = { id: string; username: string; displayName: string | null };

export type SocialMessage = {
  id: string;
  from: PublicUser | null;
  /** Direct messages: the recipient's id; clan chat: null. */
  to: string | null;
  clanId: string | null;
  text: string;
  createdAt: string;
};

export type NotificationKind =
  | 'friend_request'
  | 'friend_accepted'
  | 'clan_invite'
  | 'clan_application'
  | 'clan_joined'
  | 'clan_kicked'
  | 'clan_role'
  | 'challenge'
  | 'challenge_accepted'
  | 'challenge_declined'
  /** A tournament match has its table: data { tournamentId, tournamentName, matchId, roomId, round, raceTo, opponent: { id, username } }. */
  | 'tournament_match_ready';

export type SocialNotification = { id: string; kind: NotificationKind; data: Record<string, unknown>; createdAt: string; readAt: string | null };

/** Messages of the `me` room, server to client. */
export type MeRoomMessages = {
  presence: { userId: string; presence: SocialPresence };
  notification: SocialNotification;
  message: SocialMessage & { muted: boolean };
};
