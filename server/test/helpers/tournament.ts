// Helpers for the tournament suites: accounts with roles, events over REST, the live tournament room,
// and playing a bracket match in its real match room with the SDK (the loser concedes).
import { Client, type Room } from '@colyseus/sdk';
import * as assert from 'uvu/assert';
import { setRoles } from '../../src/db/users.ts';
import type { Db } from '../../src/db/index.ts';
import { Seat, sleep, waitFor } from './play.ts';
import { http } from './server.ts';

export type User = { id: string; token: string; username: string };

let n = 0;
export async function account(url: string, db: Db, prefix: string, roles?: ('host' | 'admin' | 'player')[]): Promise<User> {
  n++;
  const username = `${prefix}${Date.now().toString(36).slice(-4)}${n}`;
  const r = await http(url, 'POST', '/api/auth/register', { username, email: `${username}@example.test`, password: 'correct horse battery' });
  assert.is(r.status, 201, r.text);
  if (roles) await setRoles(db, r.body.user.id, roles);
  return { id: r.body.user.id, token: r.body.accessToken, username };
}

export const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });

export async function api(url: string, method: string, path: string, who: User | null, body?: unknown) {
  return http(url, method, path, body, who ? bearer(who) : {});
}

/** Creates an event, registers `players` and starts it; returns the event as start answered it. */
export async function runningEvent(url: string, host: User, players: User[], body: Record<string, unknown>) {
  const c = await api(url, 'POST', '/api/tournaments', host, { name: 'Test Open', game: '9ball', raceTo: 1, maxPlayers: players.length, ...body });
  assert.is(c.status, 201, c.text);
  for (const p of players) {
    const r = await api(url, 'POST', `/api/tournaments/${c.body.id}/register`, p);
    assert.is(r.status, 201, r.text);
  }
  const s = await api(url, 'POST', `/api/tournaments/${c.body.id}/start`, host, {});
  assert.is(s.status, 200, s.text);
  return s.body;
}

export async function getEvent(url: string, id: string) {
  const r = await http(url, 'GET', `/api/tournaments/${id}`);
  assert.is(r.status, 200, r.text);
  return r.body;
}

/** Polls the event until `pred` holds. */
export async function pollEvent(url: string, id: string, pred: (e: any) => boolean, what: string, timeoutMs = 10000): Promise<any> {
  const t0 = Date.now();
  let e: any;
  for (;;) {
    e = await getEvent(url, id);
    if (pred(e)) return e;
    if (Date.now() - t0 > timeoutMs) throw new Error(`event never reached ${what}: ${JSON.stringify(e.matches?.map((m: any) => [m.id, m.status, m.roomId && 'room']))}`);
    await sleep(50);
  }
}

/** Joins a room as an account (the token travels in client.auth, as a browser sends it). */
export async function joinAs(url: string, u: User | null, how: 'joinById' | 'joinOrCreate', arg: string, options: object = {}): Promise<Seat> {
  const client = new Client(url);
  if (u) client.auth.token = u.token;
  const room: Room<any> = how === 'joinById' ? await client.joinById(arg, options) : await client.joinOrCreate(arg, options);
  const seat = new Seat(room);
  for (const type of ['match_ready', 'control_done', 'control_error', 'tournament_welcome', 'tournament_finished', 'closed']) room.onMessage(type, (body: any) => seat.messages.push({ type, body }));
  seat.client = client;
  await waitFor(() => room.state !== undefined, 5000, 'initial state');
  return seat;
}

/**
 * Plays bracket match `m` (from the event view) in its room: both players take their reserved seats,
 * then the loser concedes the match. Returns the 'finished' message the room sent.
 */
export async function playMatch(url: string, m: any, winner: User, loser: User): Promise<any> {
  assert.ok(m.roomId, `match ${m.id} has a room`);
  const w = await joinAs(url, winner, 'joinById', m.roomId);
  const l = await joinAs(url, loser, 'joinById', m.roomId);
  await waitFor(() => w.state.phase === 'playing' && l.state.phase === 'playing', 5000, `match ${m.id} playing`);
  assert.is(w.state.mode, 'tournament');
  assert.is(w.state.raceTo, m.raceTo);
  l.room.send('concede', { scope: 'match' });
  const fin = await w.next('finished', 0, 8000);
  await w.room.leave();
  await l.room.leave();
  return fin;
}

/**
 * Plays the event to its end: every live match with a room is played, `pick` choosing its winner,
 * until the event is finished. Returns the order the matches were played in.
 */
export async function playOut(url: string, id: string, users: Map<string, User>, pick: (m: any) => string, maxMatches = 200): Promise<string[]> {
  const played: string[] = [];
  for (let i = 0; i < maxMatches; i++) {
    const e = await pollEvent(url, id, (x) => x.status === 'finished' || x.matches.some((m: any) => m.status === 'live' && m.roomId && !played.includes(m.id)), 'a playable match or the end');
    if (e.status === 'finished') return played;
    const m = e.matches.find((x: any) => x.status === 'live' && x.roomId && !played.includes(x.id));
    const winnerId = pick(m);
    const loserId = m.players.find((p: any) => p.id !== winnerId).id;
    await playMatch(url, m, users.get(winnerId)!, users.get(loserId)!);
    played.push(m.id);
  }
  throw new Error('the event did not finish');
}
