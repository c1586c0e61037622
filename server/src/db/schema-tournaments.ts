// Kysely types of the tables migrations/0020_tournaments.ts creates.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type TournamentFormat = 'single_elimination' | 'double_elimination' | 'round_robin' | 'groups_knockout';
export type TournamentStatus = 'registering' | 'running' | 'finished';

export interface TournamentsTable {
  id: Generated<string>;
  name: string;
  format: TournamentFormat;
  game: string;
  host_id: string | null;
  status: ColumnType<TournamentStatus, TournamentStatus | undefined, TournamentStatus>;
  paused: ColumnType<boolean, boolean | undefined, boolean>;
  max_players: number;
  starts_at: Timestamp | null;
  check_in_minutes: number | null;
  no_show_s: number;
  rated: ColumnType<boolean, boolean | undefined, boolean>;
  venue_id: string | null;
  options: Json<Record<string, unknown>>;
  bracket: Json | null;
  winner_id: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface TournamentPlayersTable {
  tournament_id: string;
  user_id: string;
  checked_in: ColumnType<boolean, boolean | undefined, boolean>;
  seed: number | null;
  disqualified: ColumnType<boolean, boolean | undefined, boolean>;
  registered_at: Timestamp;
}

export type TournamentMatchState = 'creating' | 'room' | 'host' | 'done';

export interface TournamentMatchesTable {
  tournament_id: string;
  bracket_match_id: string;
  state: TournamentMatchState;
  room_id: string | null;
  match_id: string | null;
  claimed_at: Timestamp;
}

export interface TournamentAuditTable {
  id: Generated<string>;
  tournament_id: string;
  at: Timestamp;
  by: string | null;
  action: string;
  match_id: string | null;
  player_id: string | null;
  reason: string | null;
}

export interface TournamentTables {
  tournaments: TournamentsTable;
  tournament_players: TournamentPlayersTable;
  tournament_matches: TournamentMatchesTable;
  tournament_audit: TournamentAuditTable;
}
