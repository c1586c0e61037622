// Issue 18, on PGlite and Postgres with the real server: friends (Nakama's states, every refusal),
// presence seen live by friends (online, in a match with its room, watching, queued, appear offline),
// direct messages (stored, live, paginated, unread counts, mute, length and rate limits, kept after
// reconnecting), blocking (messages, challenges, requests, search and presence refused), clans (unique
// name and tag in any case, roles and what each may do, invite/apply/accept, cap, the leader hands
// over before leaving, rating = mean of the top five, leaderboard, chat), challenges (casual only,
// friends or clan mates, expiry, accepting seats both at a new table), notifications kept for the
// offline, moderation (report, admin delete with audit trail, suspension), export and erasure.
import { Client } from '@colyseus/sdk';
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SOCIAL_LIMITS } from '@dojopool/shared';
import { setRoles } from '../src/db/users.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { join, waitFor } from './helpers/play.ts';
import { http, startTestServer, type TestServer } from './helpers/server.ts';
import { bearer, NO_LIMITS, register, TEST_JWT_SECRET } from './accounts-helpers.ts';
import { befriend, connectMe, type Live } from './social-helpers.ts';

type U = Awaited<ReturnType<typeof register>>;

for (const target of await dbTargets()) {
  const suiteOf = suite(`social [${target.name}]`);
  // Failures print at once (uvu reports at the end, which a hang never reaches).
  const only = process.env.SOCIAL_ONLY;
  const test = Object.assign((name: string, fn: () => Promise<void>) => (only && !name.includes(only) ? undefined : suiteOf(name, async () => {
    try {
      await fn();
    } catch (e) {
      console.error(`  ✘ ${name}:`, e);
      throw e;
    }
  })), { before: suiteOf.before, after: suiteOf.after, run: () => suiteOf.run() });
  let s: TestServer;
  let base = '';
  let admin: U;
  const lives: Live[] = [];
  const me = async (u: U) => {
    const l = await connectMe(base, u.accessToken);
    lives.push(l);
    return l;
  };
  const api = (u: U | null, method: string, path: string, body?: unknown) => http(base, method, path, body, u ? bearer(u.accessToken) : {});
  const count = async (table: string) => Number(((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(s.services.database.db)).rows[0]!).n);

  test.before(async () => {
    announce('social', target.name);
    s = await startTestServer(target, { env: { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS }, logLevel: 'info' });
    base = s.url;
    admin = await register(base);
    await setRoles(s.services.database.db, admin.user.id, ['player', 'admin']);
  });
  test.before.each((c) => console.log(`    … ${c.__test__}`));
  test.after.each(async () => {
    for (const l of lives.splice(0)) await l.leave();
  });
  test.after(async () => {
    await s?.dispose();
  });

  test('friend requests: states on both sides, refusals change nothing, notifications kept for the offline', async () => {
    const [a, b] = [await register(base), await register(base)];
    const edges = await count('friendships');
    const self = await api(a, 'POST', '/api/friends', { username: a.username.toUpperCase() });
    assert.is(self.status, 400);
    assert.is(self.body.error.code, 'self');
    assert.is((await api(a, 'POST', '/api/friends', { username: 'nobody-here' })).status, 404);
    assert.is((await api(a, 'POST', '/api/friends', { username: b.username, extra: 1 })).body.error.code, 'validation_failed');
    assert.is((await api(null, 'GET', '/api/friends')).status, 401);
    assert.is(await count('friendships'), edges, 'refusals stored nothing');

    const r = await api(a, 'POST', '/api/friends', { username: b.username.toUpperCase() });
    assert.is(r.status, 201);
    assert.equal(r.body.friend, { user: { id: b.user.id, username: b.username, displayName: null }, state: 'invite_sent' });
    const dup = await api(a, 'POST', '/api/friends', { username: b.username });
    assert.is(dup.status, 409);
    assert.is(dup.body.error.code, 'already_requested');
    assert.is((await api(a, 'POST', `/api/friends/${b.user.id}/accept`)).status, 409, 'you cannot accept your own request');
    assert.equal((await api(b, 'GET', '/api/friends')).body.friends.map((f: any) => [f.user.id, f.state]), [[a.user.id, 'invite_received']]);

    // b was offline: the request waits as a notification.
    const n = await api(b, 'GET', '/api/notifications');
    assert.is(n.body.unread, 1);
    assert.is(n.body.notifications[0].kind, 'friend_request');
    assert.is(n.body.notifications[0].data.from.id, a.user.id);
    const lb = await me(b);
    assert.is((await lb.next('welcome')).body.unreadNotifications, 1, 'the me room greets with the unread count');
    assert.is((await api(b, 'POST', `/api/notifications/${n.body.notifications[0].id}/read`)).status, 204);
    assert.is((await api(a, 'POST', `/api/notifications/${n.body.notifications[0].id}/read`)).status, 404, "not a's notification");
    assert.is((await api(b, 'GET', '/api/notifications?unread=true')).body.notifications.length, 0);

    // Cancel, then ask again and have b accept by sending a request back.
    assert.is((await api(a, 'DELETE', `/api/friends/${b.user.id}`)).status, 204);
    assert.equal((await api(b, 'GET', '/api/friends')).body.friends, []);
    assert.is((await api(a, 'DELETE', `/api/friends/${b.user.id}`)).status, 404);
    const la = await me(a);
    assert.is((await api(a, 'POST', '/api/friends', { username: b.username })).status, 201);
    await lb.next('notification', (x) => x.kind === 'friend_request' && x.data.from.id === a.user.id);
    const back = await api(b, 'POST', '/api/friends', { username: a.username });
    assert.is(back.status, 200);
    assert.is(back.body.friend.state, 'friend');
    await la.next('notification', (x) => x.kind === 'friend_accepted' && x.data.by.id === b.user.id);
    const fa = (await api(a, 'GET', '/api/friends')).body.friends;
    assert.equal(fa.map((f: any) => [f.user.id, f.state, f.presence.status]), [[b.user.id, 'friend', 'online']]);
    assert.is((await api(a, 'POST', '/api/friends', { username: b.username })).body.error.code, 'already_friends');

    // Decline: c asks b, b declines.
    const c = await register(base);
    await api(c, 'POST', '/api/friends', { username: b.username });
    assert.is((await api(b, 'DELETE', `/api/friends/${c.user.id}`)).status, 204);
    assert.equal((await api(c, 'GET', '/api/friends')).body.friends, []);
  });

  test('presence: friends see online, in a match (with the room), watching, queued and appear-offline live', async () => {
    const [a, b] = [await register(base), await register(base)];
    await befriend(base, a, b, a.user.id);
    const lb = await me(b);
    let mark = lb.mark();
    const la = await me(a);
    await lb.next('presence', (p) => p.userId === a.user.id && p.presence.status === 'online', { from: mark });

    mark = lb.mark();
    const t0 = Date.now();
    const seat = await join(base, 'create', 'match', { game: '8ball', private: true, token: a.accessToken });
    const inMatch = await lb.next('presence', (p) => p.userId === a.user.id && p.presence.status === 'in_match', { from: mark });
    assert.ok(inMatch.at - t0 < 1000, `in_match arrived in ${inMatch.at - t0} ms`);
    assert.is(inMatch.body.presence.roomId, seat.room.roomId);
    assert.is(inMatch.body.presence.matchId, seat.state.matchId);
    const listed = (await api(b, 'GET', '/api/friends')).body.friends[0];
    assert.equal(listed.presence, { status: 'in_match', roomId: seat.room.roomId, matchId: seat.state.matchId });

    // b watches a's table via the room id from presence.
    mark = la.mark();
    const watcher = await join(base, 'joinById', inMatch.body.presence.roomId, { spectate: true, token: b.accessToken });
    await la.next('presence', (p) => p.userId === b.user.id && p.presence.status === 'watching' && p.presence.roomId === seat.room.roomId, { from: mark });
    await watcher.room.leave(true);
    await la.next('presence', (p) => p.userId === b.user.id && p.presence.status === 'online', { from: mark });

    mark = lb.mark();
    await seat.room.leave(true);
    await lb.next('presence', (p) => p.userId === a.user.id && p.presence.status === 'online', { from: mark });

    // The ranked queue.
    mark = lb.mark();
    const queue = await new Client(base).joinOrCreate('ranked_queue', { token: a.accessToken, game: '9ball' });
    await lb.next('presence', (p) => p.userId === a.user.id && p.presence.status === 'queued', { from: mark });
    await queue.leave(true);
    await lb.next('presence', (p) => p.userId === a.user.id && p.presence.status === 'online', { from: mark });

    // Appear offline: friends see offline, even while a plays.
    mark = lb.mark();
    const put = await api(a, 'PUT', '/api/presence', { appearOffline: true });
    assert.is(put.status, 200);
    assert.equal(put.body, { appearOffline: true, presence: { status: 'offline' } });
    await lb.next('presence', (p) => p.userId === a.user.id && p.presence.status === 'offline', { from: mark });
    const seat2 = await join(base, 'create', 'match', { game: '8ball', private: true, token: a.accessToken });
    assert.not.ok(await lb.arrives('presence', (p) => p.userId === a.user.id && p.presence.status !== 'offline', mark, 700), 'nothing but offline while hidden');
    assert.is((await api(b, 'GET', '/api/friends')).body.friends[0].presence.status, 'offline');
    await seat2.room.leave(true);
    await api(a, 'PUT', '/api/presence', { appearOffline: false });
    await lb.next('presence', (p) => p.userId === a.user.id && p.presence.status === 'online', { from: mark });
    assert.is((await api(a, 'PUT', '/api/presence', { appearOffline: 'yes' })).status, 400);

    // Leaving the me room: offline.
    mark = lb.mark();
    await la.leave();
    await lb.next('presence', (p) => p.userId === a.user.id && p.presence.status === 'offline', { from: mark });
    // A stranger hears nothing of a.
    const stranger = await register(base);
    const ls = await me(stranger);
    const sm = ls.mark();
    const la2 = await me(a);
    assert.not.ok(await ls.arrives('presence', (p) => p.userId === a.user.id, sm, 500), 'presence goes to friends only');
    await la2.leave();
  });

  test('direct messages: stored, live, paginated, unread counts, mute, kept after reconnecting; limits', async () => {
    const [a, b, c] = [await register(base), await register(base), await register(base)];
    await befriend(base, a, b, a.user.id);
    let lb = await me(b);
    const before = await count('messages');
    assert.is((await api(a, 'POST', `/api/messages/${c.user.id}`, { text: 'hi' })).body.error.code, 'not_friends');
    assert.is((await api(a, 'POST', `/api/messages/${a.user.id}`, { text: 'hi' })).body.error.code, 'self');
    assert.is((await api(a, 'POST', `/api/messages/${b.user.id}`, { text: '   ' })).body.error.fields.text, 'must not be empty');
    assert.is((await api(a, 'POST', `/api/messages/${b.user.id}`, { text: 'x'.repeat(SOCIAL_LIMITS.messageLength + 1) })).status, 400);
    assert.is((await api(a, 'POST', `/api/messages/${b.user.id}`, { text: 'evil \u202e txt' })).status, 400);
    assert.is(await count('messages'), before, 'refused messages are not stored');

    let mark = lb.mark();
    const sent = await api(a, 'POST', `/api/messages/${b.user.id}`, { text: ' hello b ' });
    assert.is(sent.status, 201);
    assert.is(sent.body.message.text, 'hello b');
    assert.equal(sent.body.message.from, { id: a.user.id, username: a.username, displayName: null });
    const live = await lb.next('message', (m) => m.id === sent.body.message.id, { from: mark });
    assert.equal(live.body, { ...sent.body.message, muted: false });
    for (let i = 1; i <= 4; i++) assert.is((await api(i % 2 ? b : a, 'POST', `/api/messages/${i % 2 ? a.user.id : b.user.id}`, { text: `m${i}` })).status, 201);

    const conv = (await api(b, 'GET', '/api/messages')).body.conversations;
    assert.is(conv.length, 1);
    assert.is(conv[0].userId, a.user.id);
    assert.is(conv[0].unread, 1, "sending marks read: only a's m4 came after b's own m3");
    // History, newest last, pages by `before`.
    const page1 = (await api(b, 'GET', `/api/messages/${a.user.id}?limit=2`)).body.messages;
    assert.equal(page1.map((m: any) => m.text), ['m3', 'm4']);
    const page2 = (await api(b, 'GET', `/api/messages/${a.user.id}?limit=10&before=${page1[0].id}`)).body.messages;
    assert.equal(page2.map((m: any) => m.text), ['hello b', 'm1', 'm2']);
    assert.is((await api(b, 'GET', `/api/messages/${a.user.id}?limit=1000`)).status, 400);
    assert.is((await api(b, 'GET', `/api/messages/${a.user.id}?before=abc`)).status, 400);
    assert.is((await api(c, 'GET', `/api/messages/${a.user.id}`)).body.messages.length, 0, "c sees none of a and b's messages");
    assert.is((await api(b, 'POST', `/api/messages/${a.user.id}/read`, {})).status, 204);
    assert.is((await api(b, 'GET', '/api/messages')).body.conversations[0].unread, 0);

    // Mute: still delivered and stored, flagged muted.
    assert.equal((await api(b, 'PUT', `/api/messages/${a.user.id}/mute`, { muted: true })).body, { muted: true });
    mark = lb.mark();
    const quiet = await api(a, 'POST', `/api/messages/${b.user.id}`, { text: 'psst' });
    assert.is((await lb.next('message', (m) => m.id === quiet.body.message.id, { from: mark })).body.muted, true);
    assert.is((await api(b, 'GET', '/api/messages')).body.conversations[0].muted, true);

    // Reconnect: the history is all there.
    await lb.leave();
    lb = await me(b);
    const all = (await api(b, 'GET', `/api/messages/${a.user.id}`)).body.messages.map((m: any) => m.text);
    assert.equal(all, ['hello b', 'm1', 'm2', 'm3', 'm4', 'psst']);

    // The rate limit: messagesPerWindow per window.
    const d = await register(base);
    await befriend(base, d, c, d.user.id);
    const statuses: number[] = [];
    for (let i = 0; i < SOCIAL_LIMITS.messagesPerWindow + 2; i++) statuses.push((await api(d, 'POST', `/api/messages/${c.user.id}`, { text: `spam ${i}` })).status);
    assert.equal(statuses.slice(0, SOCIAL_LIMITS.messagesPerWindow), Array(SOCIAL_LIMITS.messagesPerWindow).fill(201));
    assert.is(statuses.at(-1), 429);
    assert.is((await api(c, 'GET', `/api/messages/${d.user.id}?limit=100`)).body.messages.length, SOCIAL_LIMITS.messagesPerWindow, 'limited messages are not stored');
  });

  test('blocking refuses messages, challenges, requests, search and presence', async () => {
    const [a, b] = [await register(base), await register(base)];
    await befriend(base, a, b, a.user.id);
    const la = await me(a);
    const lb = await me(b);
    const mark = la.mark();
    const blocked = await api(b, 'POST', `/api/friends/${a.user.id}/block`);
    assert.is(blocked.status, 200);
    assert.is(blocked.body.friend.state, 'blocked');
    await la.next('presence', (p) => p.userId === b.user.id && p.presence.status === 'offline', { from: mark });
    assert.equal((await api(a, 'GET', '/api/friends')).body.friends, [], 'the friendship is gone on their side');
    assert.equal((await api(b, 'GET', '/api/friends')).body.friends.map((f: any) => f.state), ['blocked']);
    const msgs = await count('messages');
    const chals = await count('challenges');
    const m = await api(a, 'POST', `/api/messages/${b.user.id}`, { text: 'hey' });
    assert.is(m.status, 403);
    assert.is(m.body.error.code, 'blocked');
    assert.is((await api(b, 'POST', `/api/messages/${a.user.id}`, { text: 'hey' })).body.error.code, 'blocked', 'the blocker cannot message either');
    const ch = await api(a, 'POST', '/api/challenges', { username: b.username, game: '8ball', raceTo: 3 });
    assert.is(ch.status, 403);
    assert.is(ch.body.error.code, 'blocked');
    assert.is((await api(a, 'POST', '/api/friends', { username: b.username })).status, 404, 'b cannot be found by a');
    assert.is((await api(b, 'POST', '/api/friends', { username: a.username })).body.error.code, 'blocked');
    assert.equal((await api(a, 'GET', `/api/users/search?q=${b.username}`)).body.users, []);
    assert.equal((await api(b, 'GET', `/api/users/search?q=${a.username}`)).body.users.map((u: any) => u.id), [a.user.id]);
    assert.is(await count('messages'), msgs);
    assert.is(await count('challenges'), chals);
    // b's match is not announced to a.
    const m2 = la.mark();
    const seat = await join(base, 'create', 'match', { game: '8ball', private: true, token: b.accessToken });
    assert.not.ok(await la.arrives('presence', (p) => p.userId === b.user.id, m2, 700), 'no presence of b reaches a');
    await seat.room.leave(true);
    assert.is((await api(b, 'POST', `/api/friends/${b.user.id}/block`)).body.error.code, 'self');
    assert.is((await api(b, 'DELETE', `/api/friends/${a.user.id}/block`)).status, 204);
    assert.is((await api(b, 'DELETE', `/api/friends/${a.user.id}/block`)).status, 404);
    assert.is((await api(a, 'POST', '/api/friends', { username: b.username })).status, 201, 'unblocked: findable again');
    void lb;
  });

  test('clans: unique name and tag in any case, invite, promote, kick, roles enforced, hand over before leaving', async () => {
    const [lead, m1, m2, out] = [await register(base), await register(base), await register(base), await register(base)];
    const clans = await count('clans');
    assert.is((await api(lead, 'POST', '/api/clans', { name: 'x', tag: 'T' })).status, 400);
    assert.is((await api(lead, 'POST', '/api/clans', { name: 'Bad\u0000Name', tag: 'BAD' })).status, 400);
    const tag = `T${Date.now().toString(36).slice(-3)}`;
    const name = `Cue Masters ${tag}`;
    const c = await api(lead, 'POST', '/api/clans', { name, tag, open: false });
    assert.is(c.status, 201);
    const id = c.body.clan.id;
    assert.equal([c.body.clan.name, c.body.clan.tag, c.body.clan.open], [name, tag, false]);
    const dn = await api(m1, 'POST', '/api/clans', { name: name.toUpperCase(), tag: 'OTHR' });
    assert.is(dn.status, 409);
    assert.is(dn.body.error.code, 'name_taken');
    const dt = await api(m1, 'POST', '/api/clans', { name: 'Other name', tag: tag.toLowerCase() });
    assert.is(dt.body.error.code, 'tag_taken');
    assert.is((await api(lead, 'POST', '/api/clans', { name: 'Second', tag: 'SEC' })).body.error.code, 'in_a_clan');
    assert.is(await count('clans'), clans + 1);

    // Invite-only: m1 is invited and accepts; m2 applies and an officer accepts.
    const lm1 = await me(m1);
    const inv = await api(lead, 'POST', `/api/clans/${id}/invite`, { username: m1.username });
    assert.is(inv.status, 201);
    assert.is(inv.body.status, 'invited');
    await lm1.next('notification', (n) => n.kind === 'clan_invite' && n.data.clan.id === id);
    assert.is((await api(lead, 'POST', `/api/clans/${id}/invite`, { username: m1.username })).body.error.code, 'already_invited');
    assert.equal((await api(m1, 'POST', `/api/clans/${id}/join`)).body, { status: 'joined' });
    const ap = await api(m2, 'POST', `/api/clans/${id}/join`);
    assert.is(ap.status, 202);
    assert.is(ap.body.status, 'applied');
    assert.is((await api(m1, 'POST', `/api/clans/${id}/invite`, { username: out.username })).status, 403, 'a member may not invite');
    // Promote m1 to officer; the officer accepts m2's application by inviting them.
    const pr = await api(lead, 'PATCH', `/api/clans/${id}/members/${m1.user.id}`, { role: 'officer' });
    assert.is(pr.status, 200);
    assert.is(pr.body.member.role, 'officer');
    assert.is((await api(m1, 'PATCH', `/api/clans/${id}/members/${m2.user.id}`, { role: 'officer' })).status, 403, 'only the leader sets roles');
    assert.is((await api(m1, 'POST', `/api/clans/${id}/invite`, { username: m2.username })).body.status, 'joined');
    const page = await api(m2, 'GET', `/api/clans/${id}`);
    assert.equal(page.body.clan.members.map((m: any) => [m.user.id, m.role]), [[lead.user.id, 'leader'], [m1.user.id, 'officer'], [m2.user.id, 'member']].sort((x, y) => (x[1] === 'leader' ? -1 : y[1] === 'leader' ? 1 : x[1] === 'officer' ? -1 : 1)));
    assert.is(page.body.myRole, 'member');
    assert.ok(page.body.clan.members.every((m: any) => m.presence && typeof m.rating === 'number'), 'members see ratings and presence');
    const mean = page.body.clan.members.reduce((t: number, m: any) => t + m.rating, 0) / 3;
    assert.is(page.body.clan.rating, Math.round(mean), 'fewer than five members: the mean of all');
    assert.not.ok('requests' in page.body.clan, 'members do not see pending requests');
    const outside = await api(out, 'GET', `/api/clans/${id}`);
    assert.ok(outside.body.clan.members.every((m: any) => !('presence' in m)), 'outsiders see no presence');

    // Kicks: an officer may not kick the leader or another officer's equal; a member may not kick.
    assert.is((await api(m2, 'DELETE', `/api/clans/${id}/members/${m1.user.id}`)).status, 403);
    assert.is((await api(m1, 'DELETE', `/api/clans/${id}/members/${lead.user.id}`)).status, 403);
    const lm2 = await me(m2);
    assert.is((await api(m1, 'DELETE', `/api/clans/${id}/members/${m2.user.id}`)).status, 204, 'an officer kicks a member');
    await lm2.next('notification', (n) => n.kind === 'clan_kicked');
    assert.is((await api(m2, 'GET', `/api/clans/${id}/messages`)).status, 403, 'a kicked member loses the chat');

    // The leader cannot leave while others remain; hands over, then leaves.
    const lv = await api(lead, 'POST', `/api/clans/${id}/leave`);
    assert.is(lv.status, 409);
    assert.is(lv.body.error.code, 'leader_must_hand_over');
    assert.is((await api(lead, 'PATCH', `/api/clans/${id}/members/${lead.user.id}`, { role: 'member' })).body.error.code, 'own_role');
    assert.is((await api(lead, 'PATCH', `/api/clans/${id}/members/${m1.user.id}`, { role: 'leader' })).status, 200);
    const after = (await api(m1, 'GET', `/api/clans/${id}`)).body.clan.members.map((m: any) => [m.user.id, m.role]);
    assert.equal(after, [[m1.user.id, 'leader'], [lead.user.id, 'officer']]);
    assert.equal((await api(lead, 'POST', `/api/clans/${id}/leave`)).body, { status: 'left' });
    assert.is((await api(lead, 'POST', `/api/clans/${id}/leave`)).body.error.code, 'not_member');
    assert.is((await api(lead, 'DELETE', `/api/clans/${id}`)).status, 403);
    // Edit: leader only; the name must stay unique.
    assert.is((await api(m1, 'PATCH', `/api/clans/${id}`, { open: true, description: 'all welcome' })).body.clan.open, true);
    assert.is((await api(out, 'POST', `/api/clans/${id}/join`)).body.status, 'joined', 'an open clan takes anyone');
    assert.is((await api(out, 'PATCH', `/api/clans/${id}`, { open: false })).status, 403);
    assert.equal((await api(m1, 'POST', `/api/clans/${id}/leave`)).body.error.code, 'leader_must_hand_over');
    assert.is((await api(m1, 'DELETE', `/api/clans/${id}`)).status, 204, 'the leader disbands');
    assert.is((await api(m1, 'GET', `/api/clans/${id}`)).status, 404);
  });

  test('clan requests: an application refused, an invite declined; an erased leader is replaced', async () => {
    const [lead, off, x, y] = [await register(base), await register(base), await register(base), await register(base)];
    const tag = `Q${Date.now().toString(36).slice(-3)}`;
    const id = (await api(lead, 'POST', '/api/clans', { name: `Closed ${tag}`, tag, open: false })).body.clan.id;
    await api(lead, 'POST', `/api/clans/${id}/invite`, { username: off.username });
    await api(off, 'POST', `/api/clans/${id}/join`);
    await api(lead, 'PATCH', `/api/clans/${id}/members/${off.user.id}`, { role: 'officer' });
    // x applies; the officer sees it on the clan page and refuses it; x may apply again.
    const ll = await me(lead);
    assert.is((await api(x, 'POST', `/api/clans/${id}/join`)).status, 202);
    await ll.next('notification', (n) => n.kind === 'clan_application' && n.data.user.id === x.user.id);
    assert.is((await api(x, 'POST', `/api/clans/${id}/join`)).body.error.code, 'already_applied');
    assert.equal((await api(off, 'GET', `/api/clans/${id}`)).body.clan.requests.map((r: any) => [r.user.id, r.kind]), [[x.user.id, 'application']]);
    assert.is((await api(y, 'DELETE', `/api/clans/${id}/requests/${x.user.id}`)).status, 403, 'an outsider cannot refuse it');
    assert.is((await api(off, 'DELETE', `/api/clans/${id}/requests/${x.user.id}`)).status, 204);
    assert.is((await api(off, 'DELETE', `/api/clans/${id}/requests/${x.user.id}`)).status, 404);
    assert.is((await api(x, 'POST', `/api/clans/${id}/join`)).status, 202, 'applies again');
    // y is invited and declines.
    assert.is((await api(off, 'POST', `/api/clans/${id}/invite`, { username: y.username })).status, 201);
    assert.is((await api(y, 'DELETE', `/api/clans/${id}/requests/${y.user.id}`)).status, 204);
    assert.is((await api(y, 'POST', `/api/clans/${id}/join`)).status, 202, 'without the invite, joining is an application');
    // The leader erases their account: the officer leads.
    assert.is((await api(lead, 'DELETE', '/api/me', { password: lead.password })).status, 204);
    const page = (await api(off, 'GET', `/api/clans/${id}`)).body;
    assert.equal(page.clan.members.map((m: any) => [m.user.id, m.role]), [[off.user.id, 'leader']]);
    assert.is(page.myRole, 'leader');
    assert.equal((await api(off, 'POST', `/api/clans/${id}/leave`)).body, { status: 'disbanded' }, 'alone, the leader leaving disbands');
    assert.is((await api(x, 'GET', `/api/clans/${id}`)).status, 404);
  });

  test('clan rating is the mean of the top five; leaderboard; member cap; clan chat', async () => {
    const db = s.services.database.db;
    const users = await Promise.all(Array.from({ length: 7 }, () => register(base)));
    const ratings = [2000, 1900, 1800, 1700, 1600, 1000, 900];
    for (let i = 0; i < users.length; i++) await db.updateTable('users').set({ rating: ratings[i]! }).where('id', '=', users[i]!.user.id).execute();
    const tag = `R${Date.now().toString(36).slice(-3)}`;
    const c = await api(users[6]!, 'POST', '/api/clans', { name: `Rated ${tag}`, tag, open: true });
    const id = c.body.clan.id;
    for (const u of users.slice(0, 6)) assert.is((await api(u, 'POST', `/api/clans/${id}/join`)).status, 200);
    const page = (await api(users[0]!, 'GET', `/api/clans/${id}`)).body.clan;
    assert.is(page.members.length, 7);
    assert.is(page.rating, 1800, 'mean of 2000, 1900, 1800, 1700, 1600');
    const board = (await api(users[0]!, 'GET', '/api/clans/leaderboard?limit=100')).body.clans;
    const mine = board.find((x: any) => x.id === id);
    assert.equal([mine.rating, mine.members], [1800, 7]);
    for (let i = 1; i < board.length; i++) assert.ok((board[i - 1].rating ?? -1) >= (board[i].rating ?? -1), 'ordered by rating');
    assert.is((await api(users[0]!, 'GET', '/api/clans/leaderboard?limit=0')).status, 400);

    // Clan chat: members only, live to members.
    const l1 = await me(users[1]!);
    const mark = l1.mark();
    const sent = await api(users[0]!, 'POST', `/api/clans/${id}/messages`, { text: 'gg all' });
    assert.is(sent.status, 201);
    assert.is(sent.body.message.clanId, id);
    await l1.next('message', (m) => m.id === sent.body.message.id, { from: mark });
    const outsider = await register(base);
    assert.is((await api(outsider, 'POST', `/api/clans/${id}/messages`, { text: 'let me in' })).body.error.code, 'not_member');
    assert.equal((await api(users[1]!, 'GET', `/api/clans/${id}/messages`)).body.messages.map((m: any) => m.text), ['gg all']);
    const conv = (await api(users[1]!, 'GET', '/api/messages')).body.clan;
    assert.equal([conv.clanId, conv.unread], [id, 1]);
    await api(users[1]!, 'POST', `/api/clans/${id}/messages/read`, {});
    assert.is((await api(users[1]!, 'GET', '/api/messages')).body.clan.unread, 0);

    // The cap: fill to clanMemberCap with direct inserts, then a join is refused.
    const extra = SOCIAL_LIMITS.clanMemberCap - 7;
    const filler = await Promise.all(Array.from({ length: extra }, (_, i) => db.insertInto('users').values({ username: `fill${tag}${i}`, email: `fill${tag}${i}@example.com`, password_hash: 'x' }).returning('id').executeTakeFirstOrThrow()));
    await db.insertInto('clan_members').values(filler.map((f) => ({ clan_id: id, user_id: f.id, role: 'member' as const }))).execute();
    const late = await api(outsider, 'POST', `/api/clans/${id}/join`);
    assert.is(late.status, 409);
    assert.is(late.body.error.code, 'clan_full');
  });

  test('challenges: casual only, friends or clan mates, expire, accepting seats both at a new table', async () => {
    const [a, b, c] = [await register(base), await register(base), await register(base)];
    await befriend(base, a, b, a.user.id);
    assert.is((await api(a, 'POST', '/api/challenges', { username: c.username, game: '8ball', raceTo: 3 })).body.error.code, 'not_friends');
    const ranked = await api(a, 'POST', '/api/challenges', { username: b.username, game: '8ball', raceTo: 3, mode: 'ranked' });
    assert.is(ranked.status, 400);
    assert.match(ranked.body.error.fields.mode, /casual/);
    assert.is((await api(a, 'POST', '/api/challenges', { username: b.username, game: 'snooker', raceTo: 3 })).status, 400);
    assert.is((await api(a, 'POST', '/api/challenges', { username: b.username, game: '8ball', raceTo: 99 })).status, 400);
    const lb = await me(b);
    const ch = await api(a, 'POST', '/api/challenges', { username: b.username, game: '9ball', raceTo: 2 });
    assert.is(ch.status, 201);
    assert.equal([ch.body.challenge.mode, ch.body.challenge.status], ['casual', 'pending']);
    await lb.next('notification', (n) => n.kind === 'challenge' && n.data.challenge.id === ch.body.challenge.id);
    assert.is((await api(a, 'POST', '/api/challenges', { username: b.username, game: '9ball', raceTo: 2 })).body.error.code, 'already_challenged');
    assert.is((await api(a, 'POST', `/api/challenges/${ch.body.challenge.id}/accept`)).status, 404, 'the challenger cannot accept');
    const la = await me(a);
    const acc = await api(b, 'POST', `/api/challenges/${ch.body.challenge.id}/accept`);
    assert.is(acc.status, 200);
    const roomId = acc.body.roomId;
    assert.type(roomId, 'string');
    const note = await la.next('notification', (n) => n.kind === 'challenge_accepted');
    assert.is(note.body.data.roomId, roomId);
    assert.is((await api(b, 'POST', `/api/challenges/${ch.body.challenge.id}/accept`)).status, 409, 'accepted once');
    const sa = await join(base, 'joinById', roomId, { token: a.accessToken });
    const sb = await join(base, 'joinById', roomId, { token: b.accessToken });
    await waitFor(() => sa.state.phase === 'playing' && sb.state.phase === 'playing', 5000, 'both seated, the match starts');
    assert.equal(Array.from(sa.state.players).map((p: any) => p.userId).sort(), [a.user.id, b.user.id].sort());
    assert.is(sa.state.mode, 'casual');
    assert.is(sa.state.game, '9ball');
    assert.is(sa.state.raceTo, 2);
    await sa.room.leave(true);
    await sb.room.leave(true);

    // Expiry, decline, cancel; clan mates may challenge.
    const ch2 = await api(a, 'POST', '/api/challenges', { username: b.username });
    await s.services.database.db.updateTable('challenges').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', ch2.body.challenge.id).execute();
    const exp = await api(b, 'POST', `/api/challenges/${ch2.body.challenge.id}/accept`);
    assert.is(exp.status, 410);
    assert.is(exp.body.error.code, 'challenge_expired');
    assert.is((await api(b, 'GET', '/api/challenges')).body.challenges.length, 0, 'expired challenges are not pending');
    const ch3 = await api(a, 'POST', '/api/challenges', { username: b.username });
    assert.is((await api(b, 'DELETE', `/api/challenges/${ch3.body.challenge.id}`)).status, 204);
    await la.next('notification', (n) => n.kind === 'challenge_declined');
    assert.is((await api(b, 'POST', `/api/challenges/${ch3.body.challenge.id}/accept`)).status, 409);
    const tag = `C${Date.now().toString(36).slice(-3)}`;
    const clan = await api(c, 'POST', '/api/clans', { name: `Mates ${tag}`, tag, open: true });
    await api(a, 'POST', `/api/clans/${clan.body.clan.id}/join`);
    assert.is((await api(c, 'POST', '/api/challenges', { username: a.username })).status, 201, 'clan mates may challenge');
  });

  test('moderation: report, admin delete kept in the audit trail, suspension; export and erasure', async () => {
    const [a, b, c] = [await register(base), await register(base), await register(base)];
    await befriend(base, a, b, a.user.id);
    const m = (await api(a, 'POST', `/api/messages/${b.user.id}`, { text: 'rude words' })).body.message;
    assert.is((await api(c, 'POST', '/api/reports', { messageId: m.id, reason: 'rude' })).status, 404, 'only a reader reports a message');
    assert.is((await api(b, 'POST', '/api/reports', { reason: 'rude' })).status, 400);
    const rep = await api(b, 'POST', '/api/reports', { messageId: m.id, reason: 'rude' });
    assert.is(rep.status, 201);
    assert.is((await api(b, 'POST', '/api/reports', { userId: a.user.id, reason: 'spam' })).status, 201);
    assert.is((await api(b, 'GET', '/api/admin/reports')).status, 403);
    const reports = (await api(admin, 'GET', '/api/admin/reports')).body.reports;
    const r = reports.find((x: any) => x.id === rep.body.report.id);
    assert.equal([r.userId, r.messageId, r.message.text], [a.user.id, m.id, 'rude words']);

    assert.is((await api(b, 'DELETE', `/api/admin/messages/${m.id}`, {})).status, 403);
    assert.is((await api(admin, 'DELETE', `/api/admin/messages/${m.id}`, { reason: 'abuse' })).status, 204);
    assert.is((await api(admin, 'DELETE', `/api/admin/messages/${m.id}`, {})).status, 404);
    assert.equal((await api(b, 'GET', `/api/messages/${a.user.id}`)).body.messages, [], 'gone from history');
    const log = (await api(admin, 'GET', '/api/admin/moderation-log')).body.entries;
    const del = log.find((e: any) => e.action === 'delete_message' && e.messageId === m.id);
    assert.equal([del.adminId, del.userId, del.detail.text, del.detail.reason], [admin.user.id, a.user.id, 'rude words', 'abuse']);

    assert.is((await api(admin, 'POST', `/api/admin/users/${a.user.id}/suspend`, { reason: 'abuse' })).status, 200);
    const refused = await api(a, 'GET', '/api/friends');
    assert.is(refused.status, 401);
    assert.match(refused.body.error.message, /suspended/);
    let joinErr: any = null;
    await new Client(base).joinOrCreate('me', { token: a.accessToken }).catch((e) => (joinErr = e));
    assert.ok(joinErr, 'a suspended account cannot open the me room');
    assert.is((await api(b, 'POST', '/api/challenges', { username: a.username })).status, 404);
    assert.is((await api(admin, 'DELETE', `/api/admin/users/${a.user.id}/suspend`, {})).status, 200);
    assert.is((await api(a, 'GET', '/api/friends')).status, 200);
    assert.ok((await api(admin, 'GET', '/api/admin/moderation-log')).body.entries.some((e: any) => e.action === 'unsuspend' && e.userId === a.user.id));

    // Export carries the social data; erasure keeps the other side's history anonymised.
    const kept = (await api(a, 'POST', `/api/messages/${b.user.id}`, { text: 'bye' })).body.message;
    const exp = (await api(a, 'GET', '/api/me/export')).body.social;
    assert.equal(exp.friends.map((f: any) => [f.userId, f.state]), [[b.user.id, 'friend']]);
    assert.equal(exp.messagesSent.map((x: any) => [x.text, x.deletedByModerator]), [['rude words', true], ['bye', false]]);
    assert.is((await api(a, 'DELETE', '/api/me', { password: a.password })).status, 204);
    const hist = (await api(b, 'GET', `/api/messages/${a.user.id}`)).status;
    assert.is(hist, 404, 'the erased user is gone');
    const row = await s.services.database.db.selectFrom('messages').select(['sender_id', 'text']).where('id', '=', kept.id).executeTakeFirstOrThrow();
    assert.equal(row, { sender_id: null, text: 'bye' });
    assert.equal((await api(b, 'GET', '/api/friends')).body.friends, []);
  });

  test.run();
}
