// The tournament REST shapes (README "Tournaments"): a row of `GET /api/tournaments` and the event of
// `GET /api/tournaments/:id` (also every host action's answer, and the live room's `event` JSON). The
// browser reads them; the server's service builds them (services/tournaments.ts `view`, `list`).
import type { Bracket, FinishingPlace, StandingRow } from '../brackets/types.ts';
import type { RaceToInput } from '../brackets/types.ts';

export type TournamentFormatName = 'single_elimination' | 'double_elimination' | 'round_robin' | 'groups_knockout';
export type TournamentStatusName = 'registering' | 'running' | 'finished';

export type TournamentListRow = {
  id: string;
  name: string;
  format: TournamentFormatName;
  game: string;
  status: TournamentStatusName;
  paused: boolean;
  maxPlayers: number;
  players: number;
  startsAt: string | null;
  host: { id: string; username: string } | null;
  winnerId: string | null;
};

export type TournamentPlayerView = { id: string; username: string; seed: number | null; checkedIn: boolean; disqualified: boolean };

export type TournamentMatchView = {
  id: string;
  round: number;
  bracket: 'winners' | 'losers' | 'final' | 'third_place' | 'group';
  group: number | null;
  raceTo: number;
  players: [{ id: string; username: string } | null, { id: string; username: string } | null];
  status: 'pending' | 'ready' | 'live' | 'finished';
  roomId: string | null;
  needsHost: boolean;
  matchId: string | null;
  score: [number, number] | null;
  winnerId: string | null;
  walkover: boolean;
};

export type TournamentAuditEntry = { at: string; by: string | null; action: string; matchId: string | null; playerId: string | null; reason: string | null };

export type TournamentStandingsView = {
  placements: FinishingPlace[];
  table?: StandingRow[];
  groups?: { group: number; name: string; table: StandingRow[] }[];
};

export type TournamentEventView = {
  id: string;
  name: string;
  format: TournamentFormatName;
  game: string;
  raceTo: number | RaceToInput;
  status: TournamentStatusName;
  paused: boolean;
  hostId: string | null;
  maxPlayers: number;
  startsAt: string | null;
  checkInMinutes: number | null;
  noShowS: number;
  rated: boolean;
  venueId: string | null;
  options: { thirdPlace: boolean; grandFinalReset: boolean; groups: number | null; advancePerGroup: number | null; seeding: 'rating' | 'manual' };
  players: TournamentPlayerView[];
  matches: TournamentMatchView[];
  standings: TournamentStandingsView | null;
  winnerId: string | null;
  audit: TournamentAuditEntry[];
  /** The shared bracket, participants named (null before the start). */
  bracket: Bracket | null;
};
