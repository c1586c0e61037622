// Kysely types of the tables migrations/0030_social.ts creates (the users columns it adds are in
// schema.ts with the rest of the users table).
import type { ClanRole, FriendState, GameKind } from '@dojopool/shared';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
/** bigserial ids come back from pg as strings. */
type BigId = ColumnType<string, never, never>;

export interface FriendshipsTable {
  user_id: string;
  other_id: string;
  state: FriendState;
  updated_at: Timestamp;
}

export interface ClansTable {
  id: Generated<string>;
  name: string;
  tag: string;
  open: ColumnType<boolean, boolean | undefined, boolean>;
  description: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export interface ClanMembersTable {
  user_id: string;
  clan_id: string;
  role: ClanRole;
  joined_at: Timestamp;
}

export interface ClanRequestsTable {
  clan_id: string;
  user_id: string;
  kind: 'application' | 'invite';
  invited_by: string | null;
  created_at: Timestamp;
}

export interface MessagesTable {
  id: BigId;
  sender_id: string | null;
  recipient_id: string | null;
  clan_id: string | null;
  dm_key: string | null;
  text: string;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface ConversationMarksTable {
  user_id: string;
  conversation: string;
  last_read_id: ColumnType<string, string | number | undefined, string | number>;
  muted: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ReportsTable {
  id: Generated<string>;
  reporter_id: string | null;
  reported_user_id: string | null;
  message_id: string | null;
  reason: string;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface ModerationLogTable {
  id: BigId;
  admin_id: string | null;
  action: string;
  target_user_id: string | null;
  message_id: string | null;
  detail: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface ChallengesTable {
  id: Generated<string>;
  from_id: string;
  to_id: string;
  game: GameKind;
  race_to: number;
  status: ColumnType<'pending' | 'accepted' | 'declined' | 'cancelled', 'pending' | undefined, 'pending' | 'accepted' | 'declined' | 'cancelled'>;
  room_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface SocialTables {
  friendships: FriendshipsTable;
  clans: ClansTable;
  clan_members: ClanMembersTable;
  clan_requests: ClanRequestsTable;
  messages: MessagesTable;
  conversation_marks: ConversationMarksTable;
  reports: ReportsTable;
  moderation_log: ModerationLogTable;
  challenges: ChallengesTable;
  notifications: NotificationsTable;
}
