// The signed-in user's account and what others see: profile edits (validation, location only with
// consent, coarsened, cleared on withdrawal), public profiles (no email or position, stats and
// achievements), admin role changes (401 vs 403, validation), the privacy export, erasure that keeps an
// anonymised match participant, and the grant CLI (including the locked embedded database).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { setRoles } from '../src/db/users.ts';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { http, startTestServer, type TestServer } from './helpers/server.ts';
import { bearer, NO_LIMITS, register, TEST_JWT_SECRET } from './accounts-helpers.ts';

const serverDir = new URL('..', import.meta.url).pathname;
function cli(script: string, args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'DATA_DIR')) as Record<string, string>;
  return spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { cwd: serverDir, env: { ...clean, ...env }, encoding: 'utf8', timeout: 60_000 });
}

for (const target of await dbTargets()) {
  const test = suite(`accounts-me [${target.name}]`);
  let s: TestServer;
  let base = '';
  let admin: Awaited<ReturnType<typeof register>>;

  test.before(async () => {
    announce('accounts-me', target.name);
    s = await startTestServer(target, { env: { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS } });
    base = s.url;
    admin = await register(base);
    await setRoles(s.services.database.db, admin.user.id, ['player', 'admin']);
  });
  test.after(async () => {
    await s?.dispose();
  });

  test('GET /me: own profile with email; 401 without a token', async () => {
    const u = await register(base);
    const r = await http(base, 'GET', '/api/me', undefined, bearer(u.accessToken));
    assert.is(r.status, 200);
    assert.is(r.body.user.id, u.user.id);
    assert.is(r.body.user.email, `${u.username}@example.com`);
    assert.is(r.body.user.locationSharing, false);
    assert.is(r.body.user.location, null);
    assert.is((await http(base, 'GET', '/api/me')).status, 401);
  });

  test('PATCH /me: display name and colour; bad values name their fields', async () => {
    const u = await register(base);
    const auth = bearer(u.accessToken);
    const ok = await http(base, 'PATCH', '/api/me', { displayName: '  Minnesota Fats ', avatarColor: '#A1B2C3' }, auth);
    assert.is(ok.status, 200, ok.text);
    assert.is(ok.body.user.displayName, 'Minnesota Fats');
    assert.is(ok.body.user.avatarColor, '#a1b2c3');
    const bad = await http(base, 'PATCH', '/api/me', { displayName: 'x'.repeat(40), avatarColor: 'red', locationSharing: 'yes', roles: ['admin'] }, auth);
    assert.is(bad.status, 400);
    assert.equal(Object.keys(bad.body.error.fields).sort(), ['avatarColor', 'displayName', 'locationSharing', 'roles']);
    const bidi = await http(base, 'PATCH', '/api/me', { displayName: 'evil\u202Eeman' }, auth);
    assert.is(bidi.status, 400);
    const cleared = await http(base, 'PATCH', '/api/me', { displayName: null }, auth);
    assert.is(cleared.body.user.displayName, null);
    assert.is(cleared.body.user.avatarColor, '#a1b2c3');
    assert.is((await http(base, 'PATCH', '/api/me', { displayName: 'x' })).status, 401);
  });

  test('PATCH /me: location needs consent, is coarsened to ~1 km, and is cleared on withdrawal', async () => {
    const u = await register(base);
    const auth = bearer(u.accessToken);
    const noConsent = await http(base, 'PATCH', '/api/me', { location: { lat: 51.50735, lon: -0.12776 } }, auth);
    assert.is(noConsent.status, 400);
    assert.ok(noConsent.body.error.fields.location);
    const badCoords = await http(base, 'PATCH', '/api/me', { locationSharing: true, location: { lat: 91, lon: -181 } }, auth);
    assert.is(badCoords.status, 400);
    assert.ok(badCoords.body.error.fields['location.lat'] && badCoords.body.error.fields['location.lon'], badCoords.text);
    const on = await http(base, 'PATCH', '/api/me', { locationSharing: true, location: { lat: 51.50735, lon: -0.12776 } }, auth);
    assert.is(on.status, 200, on.text);
    assert.equal(on.body.user.location, { lat: 51.51, lon: -0.13 });
    const row = await s.services.database.db.selectFrom('users').select(['location_lat', 'location_lon']).where('id', '=', u.user.id).executeTakeFirstOrThrow();
    assert.equal(row, { location_lat: 51.51, location_lon: -0.13 }, 'only the coarse position is stored');
    const pub = await http(base, 'GET', `/api/players/${u.user.id}`);
    assert.not.ok(/51\\.5|location|lat|lon|email/i.test(pub.text), pub.text);
    const off = await http(base, 'PATCH', '/api/me', { locationSharing: false }, auth);
    assert.is(off.body.user.location, null);
    const row2 = await s.services.database.db.selectFrom('users').select(['location_lat', 'location_lon']).where('id', '=', u.user.id).executeTakeFirstOrThrow();
    assert.equal(row2, { location_lat: null, location_lon: null });
  });

  test('GET /players/:id: public profile with stats and achievements; 404 unknown, 400 not a UUID', async () => {
    const u = await register(base);
    const fresh = await http(base, 'GET', `/api/players/${u.user.id}`);
    assert.is(fresh.status, 200);
    assert.equal(fresh.body.player, { id: u.user.id, username: u.username, displayName: null, avatarColor: null, rating: 1500, matches: 0, wins: 0, achievements: [], drills: [] });
    const db = s.services.database.db;
    await db.updateTable('users').set({ rating: 1612.6 }).where('id', '=', u.user.id).execute();
    await db.insertInto('player_stats').values({ user_id: u.user.id, matches_played: 7, match_wins: 4 }).execute();
    await db.insertInto('user_achievements').values({ user_id: u.user.id, achievement_id: 'first-win' }).execute();
    const p = await http(base, 'GET', `/api/players/${u.user.id}`);
    assert.is(p.body.player.rating, 1613);
    assert.is(p.body.player.matches, 7);
    assert.is(p.body.player.wins, 4);
    assert.equal(p.body.player.achievements.map((a: any) => a.id), ['first-win']);
    assert.not.ok(p.text.includes('@example.com'));
    assert.is((await http(base, 'GET', `/api/players/${randomUUID()}`)).status, 404);
    const bad = await http(base, 'GET', `/api/players/1 OR 1=1`);
    assert.is(bad.status, 400);
    assert.ok(bad.body.error.fields.id);
  });

  test('admin roles: 401 without token, 403 without admin, validation, grant/revoke/replace, no self-demotion', async () => {
    const u = await register(base);
    const path = `/api/admin/users/${u.user.id}/roles`;
    assert.is((await http(base, 'POST', path, { grant: ['host'] })).status, 401);
    const forbidden = await http(base, 'POST', path, { grant: ['host'] }, bearer(u.accessToken));
    assert.is(forbidden.status, 403);
    assert.is(forbidden.body.error.code, 'forbidden');
    const A = bearer(admin.accessToken);
    const badRole = await http(base, 'POST', path, { grant: ['wizard'] }, A);
    assert.is(badRole.status, 400);
    assert.ok(badRole.body.error.fields['grant.0'], badRole.text);
    assert.is((await http(base, 'POST', path, {}, A)).status, 400);
    assert.is((await http(base, 'POST', path, { roles: ['host'], grant: ['admin'] }, A)).status, 400);
    assert.is((await http(base, 'POST', path, { roles: [] }, A)).status, 400);
    const granted = await http(base, 'POST', path, { grant: ['host'] }, A);
    assert.is(granted.status, 200, granted.text);
    assert.equal(granted.body.user.roles, ['player', 'host']);
    // Roles are read fresh per request: the user's existing token now passes host checks (and me shows it).
    assert.equal((await http(base, 'GET', '/api/me', undefined, bearer(u.accessToken))).body.user.roles, ['player', 'host']);
    const replaced = await http(base, 'POST', path, { roles: ['admin', 'player'] }, A);
    assert.equal(replaced.body.user.roles, ['player', 'admin']);
    const revoked = await http(base, 'POST', path, { revoke: ['admin'] }, A);
    assert.equal(revoked.body.user.roles, ['player']);
    assert.is((await http(base, 'POST', `/api/admin/users/${randomUUID()}/roles`, { grant: ['host'] }, A)).status, 404);
    const self = await http(base, 'POST', `/api/admin/users/${admin.user.id}/roles`, { revoke: ['admin'] }, A);
    assert.is(self.status, 409);
    assert.is(self.body.error.code, 'cannot_demote_self');
  });

  test('GET /me/export: everything about the user, no secrets', async () => {
    const u = await register(base);
    const auth = bearer(u.accessToken);
    const db = s.services.database.db;
    const matchId = randomUUID();
    await db.insertInto('matches').values({ id: matchId, game: '8ball', mode: 'ranked', race_to: 3, settings: '{}' }).execute();
    await db.insertInto('match_players').values([
      { match_id: matchId, seat: 0, user_id: u.user.id, name: u.username, result: 'win', racks_won: 3 },
      { match_id: matchId, seat: 1, user_id: admin.user.id, name: admin.username, result: 'loss', racks_won: 1 },
    ]).execute();
    await http(base, 'PATCH', '/api/me', { locationSharing: true, location: { lat: 10.123, lon: 20.456 } }, auth);
    const r = await http(base, 'GET', '/api/me/export', undefined, auth);
    assert.is(r.status, 200, r.text);
    assert.is(r.body.profile.username, u.username);
    assert.is(r.body.profile.email, `${u.username}@example.com`);
    assert.equal(r.body.roles, ['player']);
    assert.is(r.body.rating.display, 1500);
    assert.is(r.body.twoFactor.enabled, false);
    assert.equal(r.body.location, { sharing: true, lat: 10.12, lon: 20.46 });
    assert.is(r.body.sessions.length, 1);
    assert.ok('userAgent' in r.body.sessions[0] && 'createdAt' in r.body.sessions[0]);
    assert.equal(r.body.stats.matchesPlayed, 0);
    assert.equal(r.body.matches.map((m: any) => [m.matchId, m.seat, m.result]), [[matchId, 0, 'win']]);
    assert.not.ok(/password|argon2|token_hash|tokenHash|totp_secret/i.test(r.text), 'no secrets in the export');
    assert.not.ok(r.text.includes(u.refreshToken) || r.text.includes(admin.username), 'no tokens, no other player');
    assert.is((await http(base, 'GET', '/api/me/export')).status, 401);
  });

  test('DELETE /me: needs the password; erases the account and anonymises match participations', async () => {
    const u = await register(base);
    const other = await register(base);
    const auth = bearer(u.accessToken);
    const db = s.services.database.db;
    const matchId = randomUUID();
    await db.insertInto('matches').values({ id: matchId, game: '9ball', mode: 'casual', race_to: 5, settings: '{}', status: 'finished' }).execute();
    await db.insertInto('match_players').values([
      { match_id: matchId, seat: 0, user_id: u.user.id, name: u.username, result: 'loss' },
      { match_id: matchId, seat: 1, user_id: other.user.id, name: other.username, result: 'win' },
    ]).execute();
    await db.insertInto('player_stats').values({ user_id: u.user.id, matches_played: 1 }).execute();

    assert.is((await http(base, 'DELETE', '/api/me', {})).status, 401);
    const noPw = await http(base, 'DELETE', '/api/me', {}, auth);
    assert.is(noPw.status, 400);
    assert.ok(noPw.body.error.fields.password);
    const wrong = await http(base, 'DELETE', '/api/me', { password: 'not my password' }, auth);
    assert.is(wrong.status, 403);
    assert.is(wrong.body.error.code, 'wrong_password');
    const del = await http(base, 'DELETE', '/api/me', { password: u.password }, auth);
    assert.is(del.status, 204, del.text);

    assert.is((await http(base, 'GET', '/api/me', undefined, auth)).status, 401);
    assert.is((await http(base, 'POST', '/api/auth/refresh', { refreshToken: u.refreshToken })).status, 401);
    assert.is((await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password })).status, 401);
    assert.is((await http(base, 'GET', `/api/players/${u.user.id}`)).status, 404);
    const players = await db.selectFrom('match_players').select(['seat', 'user_id', 'name', 'result']).where('match_id', '=', matchId).orderBy('seat').execute();
    assert.equal(players, [
      { seat: 0, user_id: null, name: 'deleted player', result: 'loss' },
      { seat: 1, user_id: other.user.id, name: other.username, result: 'win' },
    ]);
    const leftovers = await Promise.all([
      db.selectFrom('refresh_tokens').select('id').where('user_id', '=', u.user.id).execute(),
      db.selectFrom('player_stats').select('user_id').where('user_id', '=', u.user.id).execute(),
      db.selectFrom('users').select('id').where('id', '=', u.user.id).execute(),
    ]);
    assert.equal(leftovers, [[], [], []]);
    // The opponent's export still shows the match.
    const theirs = await http(base, 'GET', '/api/me/export', undefined, bearer(other.accessToken));
    assert.equal(theirs.body.matches.map((m: any) => m.matchId), [matchId]);
    // The name is free again.
    assert.is((await http(base, 'POST', '/api/auth/register', { username: u.username, email: `${u.username}@example.com`, password: 'another long password' })).status, 201);
  });

  test('grant CLI: grants a role on the configured database; clear errors', async () => {
    const u = await register(base);
    if (s.config.database.kind === 'postgres') {
      const env = { DATABASE_URL: s.config.database.url };
      const r = cli('grant', [u.username.toUpperCase(), 'host'], env);
      assert.is(r.status, 0, r.stderr);
      assert.ok(r.stdout.includes('player, host'), r.stdout);
      assert.equal((await http(base, 'GET', '/api/me', undefined, bearer(u.accessToken))).body.user.roles, ['player', 'host']);
      const nobody = cli('grant', ['nobody-at-all', 'host'], env);
      assert.is(nobody.status, 1);
      assert.ok(nobody.stderr.includes('no user named'));
      const st = cli('migrate', ['status'], env);
      assert.is(st.status, 0, st.stderr);
      assert.ok(st.stdout.includes('0002_sessions_2fa_privacy'));
    }
    if (target.name !== 'pglite') return; // the argument and lock checks need no database: run them once
    const badRole = cli('grant', [u.username, 'wizard'], {});
    assert.is(badRole.status, 2);
    assert.ok(badRole.stderr.includes('unknown role'));
    // The embedded database held by a running server (a live pid in its lock file): plain message, exit 1.
    const dir = mkdtempSync(join(tmpdir(), 'dojo-cli-'));
    try {
      const pgliteDir = join(dir, 'pglite');
      spawnSync('mkdir', ['-p', pgliteDir]);
      writeFileSync(join(pgliteDir, 'dojopool.lock'), String(process.pid));
      for (const [script, args] of [['grant', [u.username, 'host']], ['migrate', ['status']]] as const) {
        const r = cli(script, [...args], { DATA_DIR: dir });
        assert.is(r.status, 1, `${script}: ${r.stdout} ${r.stderr}`);
        assert.ok(r.stderr.includes(`in use by process ${process.pid}`), r.stderr);
        assert.not.ok(r.stderr.includes('    at '), 'no stack trace');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.run();
}
