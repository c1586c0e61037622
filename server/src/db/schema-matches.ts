// Kysely types of the tables migrations/0010_matches.ts creates (game's check: 0011_matches_game_kinds.ts).
import type { GameKind } from '@dojopool/shared';
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface MatchesTable {
  id: string;
  /** A kind in the game registry; the database's check must accept exactly GAME_KINDS (db-game-kinds test). */
  game: GameKind;
  mode: 'casual' | 'ranked' | 'tournament';
  race_to: number;
  status: ColumnType<'live' | 'finished' | 'aborted', 'live' | 'finished' | 'aborted' | undefined, 'live' | 'finished' | 'aborted'>;
  room_id: string | null;
  private_code: string | null;
  settings: Json<Record<string, unknown>>;
  winner_seat: number | null;
  score: Json<[number, number]> | null;
  forfeit: ColumnType<boolean, boolean | undefined, boolean>;
  result_reason: string | null;
  final_state: Json | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** The public address of the process hosting the live match (migration 0042). */
  owner: string | null;
  /** Until when the owner may host it without renewing; past it, another process adopts the match. */
  lease_until: Timestamp | null;
  /** Bumped at every hand-over: the fencing token a host's writes are checked against. */
  lease_epoch: ColumnType<number, number | undefined, number>;
}

export interface MatchPlayersTable {
  match_id: string;
  seat: number;
  user_id: string | null;
  name: string;
  rating_before: number | null;
  rating_after: number | null;
  result: 'win' | 'loss' | null;
  racks_won: ColumnType<number, number | undefined, number>;
  /** The computer player's level when this participant is the computer (0040_computer.ts); null for a person. */
  computer: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MatchShotsTable {
  match_id: string;
  seq: number;
  rack: number;
  seat: number;
  kind: string;
  intent: Json;
  summary: Json | null;
  ruling: Json | null;
  balls: Json;
  match_state: Json;
  created_at: Timestamp;
}

export interface PlayerStatsTable {
  user_id: string;
  matches_played: ColumnType<number, number | undefined, number>;
  match_wins: ColumnType<number, number | undefined, number>;
  rack_wins: ColumnType<number, number | undefined, number>;
  match_win_streak: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface UserAchievementsTable {
  user_id: string;
  achievement_id: string;
  match_id: string | null;
  unlocked_at: Timestamp;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface MatchTables {
  server_secrets: ServerSecretsTable;
  matches: MatchesTable;
  match_players: MatchPlayersTable;
  match_shots: MatchShotsTable;
  player_stats: PlayerStatsTable;
  user_achievements: UserAchievementsTable;
}
