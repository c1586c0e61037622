// REST shapes the app shell reads that the rooms produce: a match room's listing (its matchmaker
// metadata, kept by the room) and the live-tables list built from it, and a player's rating history.
import type { GameKind } from '../rules/types.ts';
import type { MatchMode } from './index.ts';

/** What a match room keeps in the matchmaker's metadata (every process sees it, Redis or local). */
export type LiveTableMetadata = {
  game: GameKind;
  mode: MatchMode;
  raceTo: number;
  quick: boolean;
  seatsOpen: number;
  /** False only for a private table a player made (joined by its code): it is never listed. */
  listed: boolean;
  phase: 'waiting' | 'playing' | 'finished';
  /** Seat 0 and seat 1; null while a seat is open. A guest has no rating. */
  players: ({ name: string; rating: number | null } | null)[];
  score: [number, number];
};

/** One row of GET /api/live-tables. */
export type LiveTable = LiveTableMetadata & { roomId: string; spectators: number; createdAt: string | null };
export type LiveTablesResponse = { tables: LiveTable[] };

/** One rated match in a player's rating history (GET /api/players/:id/rating-history). */
export type RatingPoint = { matchId: string; game: GameKind; mode: MatchMode; at: string; before: number; after: number; result: 'win' | 'loss' | null };
export type RatingHistoryResponse = { userId: string; rating: number; points: RatingPoint[] };
