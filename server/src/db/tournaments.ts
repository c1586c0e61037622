// Queries of the tournament aggregate: the event row (options, status, the bracket JSON), its players,
// the bracket matches the server made rooms for, and the host's audit trail. Every function takes a
// Kysely instance or an open transaction: the service decides what runs together.
import { sql, type Selectable } from 'kysely';
import type { Db } from './index.ts';
import type { TournamentFormat, TournamentMatchState, TournamentsTable, TournamentStatus } from './schema-tournaments.ts';

export type TournamentRow = Selectable<TournamentsTable>;

export const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export type NewTournament = {
  name: string;
  format: TournamentFormat;
  game: string;
  hostId: string;
  maxPlayers: number;
  startsAt: Date | null;
  checkInMinutes: number | null;
  noShowS: number;
  rated: boolean;
  venueId: string | null;
  options: Record<string, unknown>;
};

export async function insertTournament(db: Db, t: NewTournament): Promise<string> {
  const r = await db
    .insertInto('tournaments')
    .values({
      name: t.name,
      format: t.format,
      game: t.game,
      host_id: t.hostId,
      max_players: t.maxPlayers,
      starts_at: t.startsAt,
      check_in_minutes: t.checkInMinutes,
      no_show_s: t.noShowS,
      rated: t.rated,
      venue_id: t.venueId,
      options: JSON.stringify(t.options),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function findTournament(db: Db, id: string): Promise<TournamentRow | undefined> {
  return db.selectFrom('tournaments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The event row locked for the rest of the transaction: every change to an event starts here. */
export function lockTournament(db: Db, id: string): Promise<TournamentRow | undefined> {
  return db.selectFrom('tournaments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listTournaments(db: Db, o: { status?: TournamentStatus; limit: number; offset: number }) {
  let q = db
    .selectFrom('tournaments as t')
    .leftJoin('users as h', 'h.id', 't.host_id')
    .select(['t.id', 't.name', 't.format', 't.game', 't.status', 't.paused', 't.max_players', 't.starts_at', 't.host_id', 'h.username as host_username', 't.winner_id', 't.created_at'])
    .select((eb) => eb.selectFrom('tournament_players as p').select(sql<number>`count(*)::int`.as('n')).whereRef('p.tournament_id', '=', 't.id').as('players'));
  if (o.status) q = q.where('t.status', '=', o.status);
  return q.orderBy('t.created_at', 'desc').orderBy('t.id').limit(o.limit).offset(o.offset).execute();
}

export function updateTournament(db: Db, id: string, set: Partial<{ status: TournamentStatus; paused: boolean; bracket: unknown; winner_id: string | null; started_at: Date; finished_at: Date }>) {
  const { bracket, ...rest } = set;
  return db
    .updateTable('tournaments')
    .set({ ...rest, ...(bracket !== undefined ? { bracket: JSON.stringify(bracket) } : {}) })
    .where('id', '=', id)
    .execute();
}

export type PlayerRow = { userId: string; username: string; rating: number; checkedIn: boolean; seed: number | null; disqualified: boolean };

export async function tournamentPlayers(db: Db, id: string): Promise<PlayerRow[]> {
  const rows = await db
    .selectFrom('tournament_players as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'u.username', 'u.rating', 'p.checked_in', 'p.seed', 'p.disqualified'])
    .where('p.tournament_id', '=', id)
    .orderBy('p.registered_at')
    .orderBy('p.user_id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, username: r.username, rating: r.rating, checkedIn: r.checked_in, seed: r.seed, disqualified: r.disqualified }));
}

/** false when already registered. */
export async function insertPlayer(db: Db, tournamentId: string, userId: string): Promise<boolean> {
  const r = await db.insertInto('tournament_players').values({ tournament_id: tournamentId, user_id: userId }).onConflict((oc) => oc.columns(['tournament_id', 'user_id']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deletePlayer(db: Db, tournamentId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('tournament_players').where('tournament_id', '=', tournamentId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0) > 0;
}

export async function updatePlayer(db: Db, tournamentId: string, userId: string, set: Partial<{ checked_in: boolean; seed: number | null; disqualified: boolean }>): Promise<boolean> {
  const r = await db.updateTable('tournament_players').set(set).where('tournament_id', '=', tournamentId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0) > 0;
}

/** Players who did not check in are dropped when the event starts. */
export function dropUncheckedPlayers(db: Db, tournamentId: string) {
  return db.deleteFrom('tournament_players').where('tournament_id', '=', tournamentId).where('checked_in', '=', false).execute();
}

export type MatchRoomRow = { bracketMatchId: string; state: TournamentMatchState; roomId: string | null; matchId: string | null; claimedAt: Date };

export async function matchRooms(db: Db, tournamentId: string): Promise<MatchRoomRow[]> {
  const rows = await db.selectFrom('tournament_matches').selectAll().where('tournament_id', '=', tournamentId).orderBy('claimed_at').execute();
  return rows.map((r) => ({ bracketMatchId: r.bracket_match_id, state: r.state, roomId: r.room_id, matchId: r.match_id, claimedAt: new Date(r.claimed_at) }));
}

export function insertMatchRoom(db: Db, tournamentId: string, bracketMatchId: string) {
  return db.insertInto('tournament_matches').values({ tournament_id: tournamentId, bracket_match_id: bracketMatchId, state: 'creating' }).execute();
}

/** Moves a row from one state to another; false when it was not in `from` (someone else moved it). */
export async function moveMatchRoom(
  db: Db,
  tournamentId: string,
  bracketMatchId: string,
  from: TournamentMatchState[],
  set: Partial<{ state: TournamentMatchState; room_id: string | null; match_id: string | null; claimed_at: Date }>,
  roomId?: string | null,
): Promise<boolean> {
  let q = db.updateTable('tournament_matches').set(set).where('tournament_id', '=', tournamentId).where('bracket_match_id', '=', bracketMatchId).where('state', 'in', from);
  if (roomId !== undefined) q = roomId === null ? q.where('room_id', 'is', null) : q.where('room_id', '=', roomId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0) > 0;
}

/** Marks the rows of decided bracket matches done (inserting a row for a match that never had a room). */
export async function markMatchesDone(db: Db, tournamentId: string, bracketMatchIds: string[]) {
  if (!bracketMatchIds.length) return;
  await db
    .insertInto('tournament_matches')
    .values(bracketMatchIds.map((id) => ({ tournament_id: tournamentId, bracket_match_id: id, state: 'done' as const })))
    .onConflict((oc) => oc.columns(['tournament_id', 'bracket_match_id']).doUpdateSet({ state: 'done' }))
    .execute();
}

/** Whether the match of a bracket match is live in the matches table (a restore brings its room back). */
export async function liveMatchFor(db: Db, tournamentId: string, bracketMatchId: string): Promise<boolean> {
  const r = await db
    .selectFrom('matches')
    .select('id')
    .where('status', '=', 'live')
    .where(sql<string>`settings->'tournament'->>'tournamentId'`, '=', tournamentId)
    .where(sql<string>`settings->'tournament'->>'bracketMatchId'`, '=', bracketMatchId)
    .executeTakeFirst();
  return !!r;
}

export type AuditEntry = { by: string | null; action: string; matchId?: string | null; playerId?: string | null; reason?: string | null };

export function insertAudit(db: Db, tournamentId: string, e: AuditEntry) {
  return db
    .insertInto('tournament_audit')
    .values({ tournament_id: tournamentId, by: e.by, action: e.action, match_id: e.matchId ?? null, player_id: e.playerId ?? null, reason: e.reason ?? null })
    .execute();
}

export async function auditTrail(db: Db, tournamentId: string) {
  const rows = await db.selectFrom('tournament_audit').selectAll().where('tournament_id', '=', tournamentId).orderBy('id').execute();
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), by: r.by, action: r.action, matchId: r.match_id, playerId: r.player_id, reason: r.reason }));
}

/** Ids of running events (the server recreates their rooms after a restart). */
export async function runningTournamentIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('tournaments').select('id').where('status', '=', 'running').orderBy('created_at').execute();
  return rows.map((r) => r.id);
}

export async function grantAchievements(db: Db, userId: string, ids: string[], matchId: string | null): Promise<string[]> {
  if (!ids.length) return [];
  const r = await db
    .insertInto('user_achievements')
    .values(ids.map((id) => ({ user_id: userId, achievement_id: id, match_id: matchId })))
    .onConflict((oc) => oc.columns(['user_id', 'achievement_id']).doNothing())
    .returning('achievement_id')
    .execute();
  return r.map((x) => x.achievement_id);
}
