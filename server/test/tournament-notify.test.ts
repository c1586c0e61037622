// Issue 14's match-ready notice on the per-user channel: when a bracket match gets its table, both of
// its players are notified (kind `tournament_match_ready`, with the room to sit at), live through the
// `me` room when connected and stored for GET /api/notifications otherwise — so a player who is not
// watching the event still hears that their match waits.
import { Client } from '@colyseus/sdk';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { serverSuite } from './helpers/suites.ts';
import { waitFor } from './helpers/play.ts';
import { http } from './helpers/server.ts';
import { account, bearer, pollEvent, runningEvent } from './helpers/tournament.ts';

const NO_LIMITS = { AUTH_RATE_LIMIT_PER_IP: '1000000', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000000' };

for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('tournament-notify', target, { logLevel: 'warn', env: NO_LIMITS });
  const url = () => ctx.server.url;
  const db = () => ctx.server.services.database.db;

  test(`[${target.name}] both players of a ready match are notified with its room: live on the me room, stored for later`, async () => {
    const host = await account(url(), db(), 'nh', ['host']);
    const a = await account(url(), db(), 'na');
    const b = await account(url(), db(), 'nb');
    // a listens on the me room; b is not connected anywhere.
    const client = new Client(url());
    client.auth.token = a.token;
    const me = await client.joinOrCreate('me', {});
    const live: any[] = [];
    me.onMessage('notification', (n: any) => live.push(n));
    for (const t of ['welcome', 'presence', 'message', 'error']) me.onMessage(t, () => undefined);

    const started = await runningEvent(url(), host, [a, b], { name: 'Notify Cup', format: 'single_elimination' });
    const e = await pollEvent(url(), started.id, (x) => !!x.matches[0]?.roomId, 'the match has its room');
    const m = e.matches[0];
    await waitFor(() => live.some((n) => n.kind === 'tournament_match_ready'), 8000, 'a live notification');
    const n = live.find((x) => x.kind === 'tournament_match_ready');
    assert.equal(n.data, { tournamentId: started.id, tournamentName: 'Notify Cup', matchId: m.id, roomId: m.roomId, round: m.round, raceTo: m.raceTo, opponent: { id: b.id, username: b.username } });
    assert.is(live.filter((x) => x.kind === 'tournament_match_ready').length, 1, 'once per match');

    const stored = await http(url(), 'GET', '/api/notifications', undefined, bearer(b));
    assert.is(stored.status, 200, stored.text);
    const mine = stored.body.notifications.filter((x: any) => x.kind === 'tournament_match_ready');
    assert.is(mine.length, 1);
    assert.equal(mine[0].data.opponent, { id: a.id, username: a.username });
    assert.is(mine[0].data.roomId, m.roomId);
    const other = await http(url(), 'GET', '/api/notifications', undefined, bearer(host));
    assert.is(other.body.notifications.filter((x: any) => x.kind === 'tournament_match_ready').length, 0, 'nobody else is told');
    await me.leave();
  });

  test.run();
}
