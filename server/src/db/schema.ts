// The typed view of the database for Kysely. The schema itself lives only in migrations/; each later
// migration adds its tables here too.
import type { ColumnType, Generated } from 'kysely';
import type { AccountTables } from './schema-accounts.ts';
import type { MatchTables } from './schema-matches.ts';
import type { SocialTables } from './schema-social.ts';
import type { TournamentTables } from './schema-tournaments.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: Generated<string>;
  username: string;
  email: string;
  password_hash: string;
  display_name: string | null;
  avatar_color: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  /** Exact Elo rating; the API shows it rounded. */
  rating: ColumnType<number, number | undefined, number>;
  rated_games: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Bumped by logout-all: access tokens carrying an older version are refused. */
  token_version: ColumnType<number, number | undefined, number>;
  totp_secret: string | null;
  totp_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** Last TOTP time step (epoch / 30 s) accepted, so a code cannot be replayed. */
  totp_last_step: number | null;
  location_sharing: ColumnType<boolean, boolean | undefined, boolean>;
  /** Coarse (~1 km) position, only while location_sharing is on. */
  location_lat: number | null;
  location_lon: number | null;
  /** Set by an admin (migrations/0030): a suspended account's tokens are refused. */
  suspended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The user shows as offline to friends and clan mates (0030). */
  appear_offline: ColumnType<boolean, boolean | undefined, boolean>;
}

/** Practice drill scores (0041_drill_scores.ts). */
export interface DrillScoresTable {
  user_id: string;
  drill: string;
  best: number;
  runs: ColumnType<number, number | undefined, number>;
  best_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database extends AccountTables, MatchTables, TournamentTables, SocialTables {
  users: UsersTable;
  drill_scores: DrillScoresTable;
}
