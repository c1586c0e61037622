// Queries of the match aggregate: the match row and its participants, the append-only shot log, the
// finish (one transaction: result, Elo, statistics, achievements; idempotent by match id), and the
// reads behind GET /api/matches/:id, /api/players/:id/matches and /api/leaderboard.
import { sql, type Transaction } from 'kysely';
import {
  displayRating,
  rateMatch,
  unlockedAchievements,
  updateHistory,
  type AchievementId,
  type FinishedMatch,
  type GameKind,
  type PlayerHistory,
  type Seat,
} from '@dojopool/shared';
import { PermanentWriteError } from '../services/persist-queue.ts';
import type { Db } from './index.ts';
import { decodeStates } from './match-state.ts';
import type { Database } from './schema.ts';

export type NewMatch = {
  id: string;
  game: GameKind;
  mode: 'casual' | 'ranked' | 'tournament';
  raceTo: number;
  roomId: string;
  privateCode: string | null;
  settings: Record<string, unknown>;
  /** `computer`: the computer player's level when the seat is the computer (migration 0040). */
  players: { seat: Seat; userId: string | null; name: string; computer?: string | null }[];
  /** The hosting process's public address and how long its first lease lasts. */
  owner?: string;
  leaseMs?: number;
};

export async function createMatch(db: Db, m: NewMatch): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('matches')
      .values({
        id: m.id,
        game: m.game,
        mode: m.mode,
        race_to: m.raceTo,
        room_id: m.roomId,
        private_code: m.privateCode,
        settings: JSON.stringify(m.settings),
        started_at: new Date(),
        owner: m.owner ?? null,
        lease_until: m.leaseMs ? (sql`now() + make_interval(secs => ${m.leaseMs / 1000})` as any) : null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return; // already created (a retried write)
    await trx
      .insertInto('match_players')
      .values(m.players.map((p) => ({ match_id: m.id, seat: p.seat, user_id: p.userId, name: p.name, computer: p.computer ?? null })))
      .onConflict((oc) => oc.columns(['match_id', 'seat']).doNothing())
      .execute();
  });
}

export type ShotRow = {
  matchId: string;
  seq: number;
  rack: number;
  seat: number;
  kind: 'shot' | 'place' | 'choose' | 'time' | 'concede' | 'forfeit';
  intent: unknown;
  summary: unknown;
  ruling: unknown;
  balls: unknown;
  snapshot: unknown;
};

/** Appends one action to the log; a retried append of the same seq is a no-op. */
export async function appendShot(db: Db, r: ShotRow): Promise<void> {
  await db
    .insertInto('match_shots')
    .values({
      match_id: r.matchId,
      seq: r.seq,
      rack: r.rack,
      seat: r.seat,
      kind: r.kind,
      intent: JSON.stringify(r.intent ?? {}),
      summary: r.summary === undefined || r.summary === null ? null : JSON.stringify(r.summary),
      ruling: r.ruling === undefined || r.ruling === null ? null : JSON.stringify(r.ruling),
      balls: JSON.stringify(r.balls),
      match_state: JSON.stringify(r.snapshot),
    })
    .onConflict((oc) => oc.columns(['match_id', 'seq']).doNothing())
    .execute();
}

export type FinishInput = {
  matchId: string;
  /** Decided by the lifecycle (shared isRatedMode): whether Elo changes. */
  rated: boolean;
  finished: FinishedMatch;
  score: [number, number];
  reason: string;
  finalState: unknown;
};

export type FinishResult = {
  alreadyFinished: boolean;
  ratings: { seat: Seat; before: number; after: number }[];
  achievements: { seat: Seat; ids: AchievementId[] }[];
  /** The participants as stored (for the match-finished event). */
  players: { seat: Seat; userId: string | null; name: string }[];
  finishedAt: Date | null;
};

async function historyOf(trx: Transaction<Database>, userId: string): Promise<PlayerHistory> {
  const stats = await trx.selectFrom('player_stats').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
  const unlocked = await trx.selectFrom('user_achievements').select('achievement_id').where('user_id', '=', userId).execute();
  return {
    matchesPlayed: stats?.matches_played ?? 0,
    rackWins: stats?.rack_wins ?? 0,
    matchWinStreak: stats?.match_win_streak ?? 0,
    unlocked: unlocked.map((u) => u.achievement_id as AchievementId),
  };
}

/**
 * Records a finished match in one transaction: match result, participants' results, Elo for ranked
 * play, statistics and achievements. Idempotent by match id: a second call (a retry after a lost
 * commit acknowledgement, say) finds the match finished and changes nothing.
 */
/** Work another aggregate does in the same transaction as a match's finish (a tournament advancing its bracket). */
export type FinishHook = (trx: Transaction<Database>, f: FinishInput, result: FinishResult) => Promise<void>;

export async function finishMatch(db: Db, f: FinishInput, hooks: readonly FinishHook[] = []): Promise<FinishResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('matches').select(['status']).where('id', '=', f.matchId).forUpdate().executeTakeFirst();
    if (!row) throw new PermanentWriteError(`match ${f.matchId} does not exist: its creation was never stored`);
    if (row.status !== 'live') return { alreadyFinished: true, ratings: [], achievements: [], players: [], finishedAt: null };
    const m = f.finished;
    const players = await trx.selectFrom('match_players').selectAll().where('match_id', '=', f.matchId).orderBy('seat').execute();
    const userIds = players.map((p) => p.user_id);
    const finishedAt = new Date();
    const out: FinishResult = { alreadyFinished: false, ratings: [], achievements: [], players: players.map((p) => ({ seat: p.seat as Seat, userId: p.user_id, name: p.name })), finishedAt };

    if (f.rated && userIds[0] && userIds[1] && userIds[0] !== userIds[1]) {
      // Lock both users in id order so two finishes touching the same players cannot deadlock.
      const users = await trx
        .selectFrom('users')
        .select(['id', 'rating', 'rated_games'])
        .where('id', 'in', [userIds[0], userIds[1]])
        .orderBy('id')
        .forUpdate()
        .execute();
      const a = users.find((u) => u.id === userIds[0]);
      const b = users.find((u) => u.id === userIds[1]);
      if (a && b) {
        const next = rateMatch({ rating: a.rating, gamesPlayed: a.rated_games }, { rating: b.rating, gamesPlayed: b.rated_games }, m.winner === 0 ? 1 : 0);
        for (const [seat, u, after] of [
          [0, a, next.a],
          [1, b, next.b],
        ] as const) {
          await trx.updateTable('users').set({ rating: after, rated_games: u.rated_games + 1, updated_at: new Date() }).where('id', '=', u.id).execute();
          await trx.updateTable('match_players').set({ rating_before: u.rating, rating_after: after }).where('match_id', '=', f.matchId).where('seat', '=', seat).execute();
          out.ratings.push({ seat, before: u.rating, after });
        }
      }
    }

    for (const p of players) {
      const seat = p.seat as Seat;
      const racksWon = m.racks.filter((r) => r.winner === seat).length;
      await trx
        .updateTable('match_players')
        .set({ result: m.winner === seat ? 'win' : 'loss', racks_won: racksWon })
        .where('match_id', '=', f.matchId)
        .where('seat', '=', seat)
        .execute();
      if (!p.user_id) continue;
      const history = await historyOf(trx, p.user_id);
      const ids = unlockedAchievements(m, seat, history);
      const after = updateHistory(history, m, seat);
      await trx
        .insertInto('player_stats')
        .values({
          user_id: p.user_id,
          matches_played: after.matchesPlayed,
          match_wins: m.winner === seat ? 1 : 0,
          rack_wins: after.rackWins,
          match_win_streak: after.matchWinStreak,
        })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            matches_played: after.matchesPlayed,
            match_wins: sql`player_stats.match_wins + ${m.winner === seat ? 1 : 0}`,
            rack_wins: after.rackWins,
            match_win_streak: after.matchWinStreak,
            updated_at: new Date(),
          }),
        )
        .execute();
      if (ids.length) {
        await trx
          .insertInto('user_achievements')
          .values(ids.map((id) => ({ user_id: p.user_id!, achievement_id: id, match_id: f.matchId })))
          .onConflict((oc) => oc.columns(['user_id', 'achievement_id']).doNothing())
          .execute();
      }
      out.achievements.push({ seat, ids });
    }

    await trx
      .updateTable('matches')
      .set({
        status: 'finished',
        winner_seat: m.winner,
        score: JSON.stringify(f.score),
        forfeit: m.forfeit,
        result_reason: f.reason,
        final_state: JSON.stringify(f.finalState),
        finished_at: finishedAt,
      })
      .where('id', '=', f.matchId)
      .execute();
    for (const hook of hooks) await hook(trx, f, out);
    return out;
  });
}

/** A match that never started play properly (no result to record) is closed as aborted. */
/** Work another aggregate does in the same transaction as a match's abort. */
export type AbortHook = (trx: Transaction<Database>, matchId: string, reason: string) => Promise<void>;

/** Closes a live match without a result; false when it was not live (already closed: a retry). */
export async function abortMatch(db: Db, matchId: string, reason: string, hooks: readonly AbortHook[] = []): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('matches').set({ status: 'aborted', result_reason: reason, finished_at: new Date() }).where('id', '=', matchId).where('status', '=', 'live').executeTakeFirst();
    if (Number(r.numUpdatedRows ?? 0) === 0) return false;
    for (const hook of hooks) await hook(trx, matchId, reason);
    return true;
  });
}

export type LiveMatch = {
  id: string;
  roomId: string;
  game: string;
  mode: string;
  settings: Record<string, unknown>;
  snapshot: unknown;
  /** A row of the log whose part of the history did not fit (a gap): the history ends before it. */
  historyGapAt: number | null;
  players: { seat: number; userId: string | null; name: string; computer: string | null; rating: number | null }[];
  owner: string | null;
  leaseEpoch: number;
};

/** One unfinished match with the snapshot after its last logged action, or null (finished, aborted, unknown). */
export async function loadLiveMatch(db: Db, id: string): Promise<LiveMatch | null> {
  const r = await db.selectFrom('matches').select(['id', 'room_id', 'game', 'mode', 'settings', 'owner', 'lease_epoch']).where('id', '=', id).where('status', '=', 'live').executeTakeFirst();
  if (!r) return null;
  // From the last row stored whole on (db/match-state.ts): each later row adds its part of the history.
  const rows = await db
    .selectFrom('match_shots')
    .select(['seq', 'balls', 'match_state'])
    .where('match_id', '=', id)
    .where('seq', '>=', (eb) =>
      eb.fn.coalesce(
        eb.selectFrom('match_shots').select((e) => e.fn.max('seq').as('s')).where('match_id', '=', id).where(sql<boolean>`match_state -> 'racks' IS NOT NULL`),
        sql<number>`0`,
      ),
    )
    .orderBy('seq')
    .execute();
  const { snapshot, gapAt } = decodeStates(rows.map((r) => ({ seq: r.seq, state: parse(r.match_state), balls: parse(r.balls) })));
  const players = await db
    .selectFrom('match_players as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.seat', 'p.user_id', 'p.name', 'p.computer', 'u.rating'])
    .where('p.match_id', '=', id)
    .orderBy('p.seat')
    .execute();
  return {
    id: r.id,
    roomId: r.room_id ?? r.id,
    game: r.game,
    mode: r.mode,
    settings: parse(r.settings) as Record<string, unknown>,
    snapshot,
    historyGapAt: gapAt,
    players: players.map((p) => ({ seat: p.seat, userId: p.user_id, name: p.name, computer: p.computer, rating: p.rating ?? null })),
    owner: r.owner,
    leaseEpoch: r.lease_epoch,
  };
}

/** The computer player's finished matches per level and game: wins and losses. */
export async function computerRecord(db: Db): Promise<{ level: string; game: GameKind; wins: number; losses: number }[]> {
  const rows = await db
    .selectFrom('match_players as p')
    .innerJoin('matches as m', 'm.id', 'p.match_id')
    .select(['p.computer', 'm.game'])
    .select((eb) => [
      eb.fn.count<string>('p.seat').filterWhere('p.result', '=', 'win').as('wins'),
      eb.fn.count<string>('p.seat').filterWhere('p.result', '=', 'loss').as('losses'),
    ])
    .where('p.computer', 'is not', null)
    .where('m.status', '=', 'finished')
    .groupBy(['p.computer', 'm.game'])
    .orderBy('p.computer')
    .orderBy('m.game')
    .execute();
  return rows.map((r) => ({ level: r.computer!, game: r.game, wins: Number(r.wins), losses: Number(r.losses) }));
}

const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

export async function getMatch(db: Db, id: string) {
  const m = await db.selectFrom('matches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m) return null;
  const players = await db.selectFrom('match_players').selectAll().where('match_id', '=', id).orderBy('seat').execute();
  const shots = await db.selectFrom('match_shots').select(['seq', 'rack', 'seat', 'kind', 'intent', 'summary', 'ruling', 'balls', 'created_at']).where('match_id', '=', id).orderBy('seq').execute();
  const settings = parse(m.settings) as Record<string, unknown>;
  return {
    id: m.id,
    game: m.game,
    mode: m.mode,
    raceTo: m.race_to,
    status: m.status,
    // Where a live match is played now: its room (the same id after a restore or an adoption) and the
    // public address of the process hosting it; null once it is over.
    roomId: m.status === 'live' ? (m.room_id ?? m.id) : null,
    owner: m.status === 'live' ? (m.owner ?? (settings.owner as string | undefined) ?? null) : null,
    table: settings.tableSize ?? '9ft',
    winner: m.winner_seat,
    score: parse(m.score),
    forfeit: m.forfeit,
    reason: m.result_reason,
    createdAt: m.created_at,
    startedAt: m.started_at,
    finishedAt: m.finished_at,
    players: players.map((p) => ({
      seat: p.seat,
      userId: p.user_id,
      name: p.name,
      computer: p.computer,
      result: p.result,
      racksWon: p.racks_won,
      ratingBefore: p.rating_before === null ? null : displayRating(p.rating_before),
      ratingAfter: p.rating_after === null ? null : displayRating(p.rating_after),
    })),
    // Each action with the resting positions after it: with the stroke (intent) and the positions
    // before it, a client re-simulates the exact trajectory with the shared physics.
    shots: shots.map((s) => {
      const ruling = parse(s.ruling) as Record<string, unknown> | null;
      return {
        seq: s.seq,
        rack: s.rack,
        seat: s.seat,
        kind: s.kind,
        intent: parse(s.intent),
        summary: parse(s.summary),
        ruling: ruling ? { foul: ruling.foul, reason: ruling.reason, rule: ruling.rule, nextPlayer: ruling.nextPlayer, ballInHand: ruling.ballInHand, rackOver: ruling.rackOver, winner: ruling.winner } : null,
        balls: parse(s.balls),
        at: s.created_at,
      };
    }),
  };
}

export async function playerMatches(db: Db, userId: string, o: { limit: number; offset: number }) {
  const rows = await db
    .selectFrom('match_players as me')
    .innerJoin('matches as m', 'm.id', 'me.match_id')
    .leftJoin('match_players as opp', (j) => j.onRef('opp.match_id', '=', 'me.match_id').onRef('opp.seat', '<>', 'me.seat'))
    .select([
      'm.id',
      'm.game',
      'm.mode',
      'm.race_to',
      'm.status',
      'm.score',
      'm.winner_seat',
      'm.forfeit',
      'm.finished_at',
      'm.created_at',
      'me.seat',
      'me.result',
      'me.rating_before',
      'me.rating_after',
      'opp.name as opponent_name',
      'opp.user_id as opponent_id',
    ])
    .where('me.user_id', '=', userId)
    .where('m.status', '=', 'finished')
    .orderBy('m.finished_at', 'desc')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    game: r.game,
    mode: r.mode,
    raceTo: r.race_to,
    score: parse(r.score),
    seat: r.seat,
    result: r.result,
    forfeit: r.forfeit,
    opponent: { userId: r.opponent_id, name: r.opponent_name },
    ratingChange: r.rating_before !== null && r.rating_after !== null ? displayRating(r.rating_after) - displayRating(r.rating_before) : null,
    finishedAt: r.finished_at,
  }));
}

/**
 * The leaderboard. Ratings are one Elo per player across games (shared/ratings); with `game` the board
 * lists the players who finished a rated match of that game, by that same rating, with their wins
 * and matches in that game.
 */
export async function leaderboard(db: Db, o: { limit: number; offset: number; game?: GameKind }) {
  if (o.game) {
    const rows = await db
      .selectFrom('users')
      .innerJoin('match_players as mp', 'mp.user_id', 'users.id')
      .innerJoin('matches as m', 'm.id', 'mp.match_id')
      .select(({ fn }) => [
        'users.id',
        'users.username',
        'users.display_name',
        'users.rating',
        'users.rated_games',
        fn.countAll<string>().as('matches_played'),
        fn.count<string>(sql`case when mp.result = 'win' then 1 end`).as('match_wins'),
      ])
      .where('m.game', '=', o.game)
      .where('m.status', '=', 'finished')
      .where('mp.rating_after', 'is not', null)
      .groupBy(['users.id', 'users.username', 'users.display_name', 'users.rating', 'users.rated_games'])
      .orderBy('users.rating', 'desc')
      .orderBy('users.id')
      .limit(o.limit)
      .offset(o.offset)
      .execute();
    return rows.map((r, i) => ({
      rank: o.offset + i + 1,
      userId: r.id,
      username: r.username,
      displayName: r.display_name,
      rating: displayRating(r.rating),
      ratedGames: r.rated_games,
      matches: Number(r.matches_played),
      wins: Number(r.match_wins),
    }));
  }
  const rows = await db
    .selectFrom('users')
    .leftJoin('player_stats as s', 's.user_id', 'users.id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.rating', 'users.rated_games', 's.match_wins', 's.matches_played'])
    .where('users.rated_games', '>', 0)
    .orderBy('users.rating', 'desc')
    .orderBy('users.id')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return rows.map((r, i) => ({
    rank: o.offset + i + 1,
    userId: r.id,
    username: r.username,
    displayName: r.display_name,
    rating: displayRating(r.rating),
    ratedGames: r.rated_games,
    matches: r.matches_played ?? 0,
    wins: r.match_wins ?? 0,
  }));
}

/** A player's place on the (all-games) leaderboard: 1 + those rated above; null before a rated game. */
export async function leaderboardRank(db: Db, userId: string): Promise<{ rank: number; rating: number } | null> {
  const me = await db.selectFrom('users').select(['rating', 'rated_games']).where('id', '=', userId).executeTakeFirst();
  if (!me || me.rated_games === 0) return null;
  const above = await db
    .selectFrom('users')
    .select(({ fn }) => fn.countAll<string>().as('n'))
    .where('rated_games', '>', 0)
    .where((eb) => eb.or([eb('rating', '>', me.rating), eb.and([eb('rating', '=', me.rating), eb('id', '<', userId)])]))
    .executeTakeFirstOrThrow();
  return { rank: Number(above.n) + 1, rating: displayRating(me.rating) };
}

/** Every rated match a player finished, oldest first: the rating before and after it (the profile's chart). */
export async function ratingHistory(db: Db, userId: string, o: { limit: number; game?: GameKind }) {
  let q = db
    .selectFrom('match_players as mp')
    .innerJoin('matches as m', 'm.id', 'mp.match_id')
    .select(['m.id', 'm.game', 'm.mode', 'm.finished_at', 'mp.rating_before', 'mp.rating_after', 'mp.result'])
    .where('mp.user_id', '=', userId)
    .where('m.status', '=', 'finished')
    .where('mp.rating_before', 'is not', null)
    .where('mp.rating_after', 'is not', null);
  if (o.game) q = q.where('m.game', '=', o.game);
  // The newest `limit`, returned oldest first.
  const rows = await q.orderBy('m.finished_at', 'desc').orderBy('m.id').limit(o.limit).execute();
  return rows.reverse().map((r) => ({
    matchId: r.id,
    game: r.game,
    mode: r.mode,
    at: (r.finished_at instanceof Date ? r.finished_at : new Date(r.finished_at ?? 0)).toISOString(),
    before: displayRating(r.rating_before!),
    after: displayRating(r.rating_after!),
    result: r.result,
  }));
}
