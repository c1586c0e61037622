// Accounts over HTTP: registration (validation, case-insensitive uniqueness, SQL-looking input stored
// verbatim), login by username or email with one 401 for every wrong credential, access tokens
// (expired, tampered, wrong key, generated key kept in the data directory), refresh rotation with reuse
// detection revoking the family, logout and logout-all, oversize bodies, and no secret in the logs.
import { readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbTargets } from './helpers/db.ts';
import { announce } from './helpers/env.ts';
import { http, startTestServer, type TestServer } from './helpers/server.ts';
import { bearer, NO_LIMITS, register, TEST_JWT_SECRET, uniqueName } from './accounts-helpers.ts';

const key = new TextEncoder().encode(TEST_JWT_SECRET);
const sign = (claims: Record<string, unknown>, sub: string, expS: number, k = key) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer('dojopool').setAudience('dojopool').setIssuedAt().setExpirationTime(expS).sign(k);

for (const target of await dbTargets()) {
  const test = suite(`accounts-auth [${target.name}]`);
  let s: TestServer;
  let base = '';
  const secrets: string[] = [];

  test.before(async () => {
    announce('accounts-auth', target.name);
    s = await startTestServer(target, { env: { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS } });
    base = s.url;
  });
  test.after(async () => {
    await s?.dispose();
  });

  test('register: 201 with user and tokens, never the password or its hash', async () => {
    const name = uniqueName('reg');
    const r = await http(base, 'POST', '/api/auth/register', { username: name, email: `${name}@Example.com`, password: 'a long enough password' });
    assert.is(r.status, 201, r.text);
    assert.is(r.body.user.username, name);
    assert.equal(r.body.user.roles, ['player']);
    assert.is(r.body.user.rating, 1500);
    assert.type(r.body.accessToken, 'string');
    assert.type(r.body.refreshToken, 'string');
    assert.not.ok(r.text.includes('a long enough password'));
    assert.not.ok(r.text.includes('argon2'));
    assert.not.ok('passwordHash' in r.body.user || 'password_hash' in r.body.user);
    secrets.push('a long enough password', r.body.accessToken, r.body.refreshToken);
  });

  test('register: bad input answers 400 validation_failed naming each field', async () => {
    const cases: [unknown, string[]][] = [
      [{ username: 'ab', email: 'x@example.com', password: 'long enough pw' }, ['username']],
      [{ username: 'a'.repeat(25), email: 'x@example.com', password: 'long enough pw' }, ['username']],
      [{ username: 'has space', email: 'x@example.com', password: 'long enough pw' }, ['username']],
      [{ username: 'ümlaut', email: 'x@example.com', password: 'long enough pw' }, ['username']],
      [{ username: 'okname', email: 'not-an-email', password: 'long enough pw' }, ['email']],
      [{ username: 'okname', email: 'x@example.com', password: 'short' }, ['password']],
      [{ username: 'okname', email: 'x@example.com', password: 123456789012 }, ['password']],
      [{}, ['username', 'email', 'password']],
      [{ username: 'okname', email: 'x@example.com', password: 'long enough pw', roles: ['admin'] }, ['roles']],
      [[1, 2, 3], ['body']],
    ];
    for (const [body, fields] of cases) {
      const r = await http(base, 'POST', '/api/auth/register', body);
      assert.is(r.status, 400, `${JSON.stringify(body)} → ${r.text}`);
      assert.is(r.body.error.code, 'validation_failed');
      assert.type(r.body.error.message, 'string');
      assert.equal(Object.keys(r.body.error.fields).sort(), [...fields].sort(), JSON.stringify(r.body));
    }
    const noBody = await http(base, 'POST', '/api/auth/register');
    assert.is(noBody.status, 400);
    const badJson = await http(base, 'POST', '/api/auth/register', '{"username": ', {});
    assert.is(badJson.status, 400);
    assert.is(badJson.body.error.code, 'invalid_json');
  });

  test('register: usernames and emails are unique case-insensitively (409)', async () => {
    const name = uniqueName('Dup');
    await register(base, name);
    const r1 = await http(base, 'POST', '/api/auth/register', { username: name.toUpperCase(), email: `other-${name}@example.com`, password: 'long enough pw' });
    assert.is(r1.status, 409);
    assert.is(r1.body.error.code, 'username_taken');
    assert.ok(r1.body.error.fields.username);
    const r2 = await http(base, 'POST', '/api/auth/register', { username: name + 'x', email: `${name.toUpperCase()}@EXAMPLE.COM`, password: 'long enough pw' });
    assert.is(r2.status, 409);
    assert.is(r2.body.error.code, 'email_taken');
  });

  test('register: SQL-looking input is stored verbatim and harmless', async () => {
    const name = uniqueName('rob_--');
    const r = await http(base, 'POST', '/api/auth/register', { username: name, email: "o'brien+1@example.com", password: "'); DROP TABLE users; --" });
    assert.is(r.status, 201, r.text);
    const login = await http(base, 'POST', '/api/auth/login', { login: "o'brien+1@example.com", password: "'); DROP TABLE users; --" });
    assert.is(login.status, 200);
    assert.is(login.body.user.username, name);
    assert.is(login.body.user.email, "o'brien+1@example.com");
    const patch = await http(base, 'PATCH', '/api/me', { displayName: "Robert'); DROP TABLE users;--" }, bearer(login.body.accessToken));
    assert.is(patch.status, 200, patch.text);
    assert.is(patch.body.user.displayName, "Robert'); DROP TABLE users;--");
    const still = await http(base, 'POST', '/api/auth/login', { login: name.toUpperCase(), password: "'); DROP TABLE users; --" });
    assert.is(still.status, 200);
    const sqlLogin = await http(base, 'POST', '/api/auth/login', { login: "' OR '1'='1", password: "' OR '1'='1" });
    assert.is(sqlLogin.status, 401);
  });

  test('login: by username or email, any case; wrong login or password is the same 401', async () => {
    const u = await register(base);
    for (const login of [u.username, u.username.toUpperCase(), `${u.username}@example.com`, `${u.username.toUpperCase()}@EXAMPLE.com`]) {
      const r = await http(base, 'POST', '/api/auth/login', { login, password: u.password });
      assert.is(r.status, 200, `${login}: ${r.text}`);
      assert.is(r.body.user.id, u.user.id);
      assert.type(r.body.accessToken, 'string');
      assert.type(r.body.refreshToken, 'string');
    }
    const wrongPw = await http(base, 'POST', '/api/auth/login', { login: u.username, password: 'wrong password!' });
    const noUser = await http(base, 'POST', '/api/auth/login', { login: 'nobody-' + u.username, password: 'wrong password!' });
    assert.is(wrongPw.status, 401);
    assert.is(noUser.status, 401);
    assert.equal(wrongPw.body, noUser.body);
    assert.is(wrongPw.body.error.code, 'invalid_credentials');
    const missing = await http(base, 'POST', '/api/auth/login', { login: u.username });
    assert.is(missing.status, 400);
    assert.ok(missing.body.error.fields.password);
  });

  test('access tokens: required, expired, tampered, wrong key, wrong scheme → 401; valid → 200', async () => {
    const u = await register(base);
    const ok = await http(base, 'GET', '/api/me', undefined, bearer(u.accessToken));
    assert.is(ok.status, 200);
    assert.is(ok.body.user.email, `${u.username}@example.com`);

    const none = await http(base, 'GET', '/api/me');
    assert.is(none.status, 401);
    assert.is(none.body.error.code, 'unauthorized');

    const expired = await sign({ name: u.username, roles: ['player'], tv: 0 }, u.user.id, Math.floor(Date.now() / 1000) - 60);
    const e = await http(base, 'GET', '/api/me', undefined, bearer(expired));
    assert.is(e.status, 401);
    assert.is(e.body.error.code, 'token_expired');

    const [h, p, sig] = u.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.roles = ['player', 'admin'];
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    const t = await http(base, 'GET', '/api/me', undefined, bearer(tampered));
    assert.is(t.status, 401);
    assert.is(t.body.error.code, 'token_invalid');

    const otherKey = await sign({ name: u.username, roles: ['admin'], tv: 0 }, u.user.id, Math.floor(Date.now() / 1000) + 600, new TextEncoder().encode('x'.repeat(48)));
    assert.is((await http(base, 'GET', '/api/me', undefined, bearer(otherKey))).status, 401);
    const algNone = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    assert.is((await http(base, 'GET', '/api/me', undefined, bearer(algNone))).status, 401);
    assert.is((await http(base, 'GET', '/api/me', undefined, { authorization: `Basic ${u.accessToken}` })).status, 401);
    assert.is((await http(base, 'GET', '/api/me', undefined, bearer('garbage'))).status, 401);
  });

  test('the token service verifies its own tokens and rejects others (room onAuth path)', async () => {
    const { tokenService } = await import('../src/services/tokens.ts');
    const svc = await tokenService(s.config);
    const u = await register(base);
    const claims = await svc.verifyAccess(u.accessToken);
    assert.is(claims.userId, u.user.id);
    assert.is(claims.username, u.username);
    assert.equal(claims.roles, ['player']);
    try {
      await svc.verifyAccess(u.accessToken.slice(0, -2) + 'xx');
      assert.unreachable('tampered token accepted');
    } catch (err: any) {
      assert.is(err.code, 'token_invalid');
    }
  });

  test('refresh: rotates; a reused refresh token revokes the whole family', async () => {
    const u = await register(base);
    const r1 = await http(base, 'POST', '/api/auth/refresh', { refreshToken: u.refreshToken });
    assert.is(r1.status, 200, r1.text);
    assert.is.not(r1.body.refreshToken, u.refreshToken);
    assert.is((await http(base, 'GET', '/api/me', undefined, bearer(r1.body.accessToken))).status, 200);
    const r2 = await http(base, 'POST', '/api/auth/refresh', { refreshToken: r1.body.refreshToken });
    assert.is(r2.status, 200);
    // A thief replays the first token: the family dies, including the legitimate newest token.
    const replay = await http(base, 'POST', '/api/auth/refresh', { refreshToken: u.refreshToken });
    assert.is(replay.status, 401);
    assert.is(replay.body.error.code, 'refresh_token_reused');
    const after = await http(base, 'POST', '/api/auth/refresh', { refreshToken: r2.body.refreshToken });
    assert.is(after.status, 401);
    assert.is(after.body.error.code, 'invalid_refresh_token');
    // Another login's family is untouched.
    const other = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password });
    assert.is((await http(base, 'POST', '/api/auth/refresh', { refreshToken: other.body.refreshToken })).status, 200);
    const unknown = await http(base, 'POST', '/api/auth/refresh', { refreshToken: 'not-a-real-token' });
    assert.is(unknown.status, 401);
    assert.is(unknown.body.error.code, 'invalid_refresh_token');
    const bad = await http(base, 'POST', '/api/auth/refresh', { refreshToken: 42 });
    assert.is(bad.status, 400);
    assert.ok(bad.body.error.fields.refreshToken);
  });

  test('refresh: two concurrent refreshes with one token yield at most one success', async () => {
    const u = await register(base);
    const rs = await Promise.all([1, 2, 3].map(() => http(base, 'POST', '/api/auth/refresh', { refreshToken: u.refreshToken })));
    assert.ok(rs.filter((r) => r.status === 200).length <= 1, rs.map((r) => r.status).join(','));
    assert.ok(rs.every((r) => r.status === 200 || r.status === 401));
  });

  test('logout revokes that session; logout-all revokes every session and access token', async () => {
    const u = await register(base);
    const out = await http(base, 'POST', '/api/auth/logout', { refreshToken: u.refreshToken });
    assert.is(out.status, 204);
    assert.is((await http(base, 'POST', '/api/auth/refresh', { refreshToken: u.refreshToken })).status, 401);
    assert.is((await http(base, 'POST', '/api/auth/logout', { refreshToken: 'unknown' })).status, 204);

    const a = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password });
    const b = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password });
    assert.is((await http(base, 'POST', '/api/auth/logout-all')).status, 401);
    const all = await http(base, 'POST', '/api/auth/logout-all', undefined, bearer(a.body.accessToken));
    assert.is(all.status, 204);
    for (const t of [a.body.refreshToken, b.body.refreshToken]) assert.is((await http(base, 'POST', '/api/auth/refresh', { refreshToken: t })).status, 401);
    for (const t of [a.body.accessToken, b.body.accessToken]) {
      const r = await http(base, 'GET', '/api/me', undefined, bearer(t));
      assert.is(r.status, 401);
      assert.is(r.body.error.code, 'token_invalid');
    }
    const c = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password });
    assert.is((await http(base, 'GET', '/api/me', undefined, bearer(c.body.accessToken))).status, 200);
  });

  test('oversize bodies answer 413 in our error shape; unknown routes 404', async () => {
    const big = { username: 'big', email: 'big@example.com', password: 'x'.repeat(20_000) };
    const r = await http(base, 'POST', '/api/auth/register', big);
    assert.is(r.status, 413);
    assert.is(r.body.error.code, 'payload_too_large');
    const nf = await http(base, 'GET', '/api/auth/nope');
    assert.is(nf.status, 404);
    assert.is(nf.body.error.code, 'not_found');
  });

  test('no password, refresh token or access token reaches the logs', async () => {
    const u = await register(base);
    const l = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password });
    await http(base, 'POST', '/api/auth/login', { login: u.username, password: 'wrong-' + u.password });
    const r = await http(base, 'POST', '/api/auth/refresh', { refreshToken: l.body.refreshToken });
    await http(base, 'POST', '/api/auth/refresh', { refreshToken: l.body.refreshToken }); // reuse → logged warning
    await http(base, 'GET', '/api/me', undefined, bearer(r.body.accessToken));
    await http(base, 'GET', '/api/me', undefined, bearer(r.body.accessToken + 'x'));
    await new Promise((res) => setTimeout(res, 50));
    const all = s.logs.join('\n');
    assert.ok(all.includes('logged in'), 'login events are logged');
    for (const secret of [...secrets, u.password, 'wrong-' + u.password, u.accessToken, u.refreshToken, l.body.accessToken, l.body.refreshToken, r.body.accessToken, r.body.refreshToken])
      assert.not.ok(all.includes(secret), `secret leaked into logs: ${secret.slice(0, 12)}…`);
    assert.not.ok(all.includes('$argon2'), 'password hash leaked');
  });

  test('two-factor: enrol, confirm, login needs a code, codes and recovery codes are single-use, disable', async () => {
    const { generate } = await import('otplib');
    const u = await register(base);
    const auth = bearer(u.accessToken);
    assert.is((await http(base, 'POST', '/api/auth/2fa/enrol')).status, 401);
    const en = await http(base, 'POST', '/api/auth/2fa/enrol', {}, auth);
    assert.is(en.status, 200, en.text);
    assert.type(en.body.secret, 'string');
    assert.ok(en.body.otpauthUri.startsWith('otpauth://totp/'), en.body.otpauthUri);
    assert.ok(en.body.otpauthUri.includes('DojoPool'));
    // Not yet confirmed: login still needs no code.
    assert.is((await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password })).status, 200);

    const nowS = Math.floor(Date.now() / 1000);
    const code = await generate({ secret: en.body.secret, epoch: nowS });
    const nextCode = await generate({ secret: en.body.secret, epoch: nowS + 30 });
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    const bad = await http(base, 'POST', '/api/auth/2fa/confirm', { code: wrong }, auth);
    assert.is(bad.status, 400);
    assert.is(bad.body.error.code, 'invalid_totp');
    const malformed = await http(base, 'POST', '/api/auth/2fa/confirm', { code: '12ab' }, auth);
    assert.is(malformed.status, 400);
    assert.is(malformed.body.error.code, 'validation_failed');
    const ok = await http(base, 'POST', '/api/auth/2fa/confirm', { code }, auth);
    assert.is(ok.status, 200, ok.text);
    const recovery: string[] = ok.body.recoveryCodes;
    assert.is(recovery.length, 10);
    assert.is(new Set(recovery).size, 10);
    assert.is((await http(base, 'POST', '/api/auth/2fa/enrol', {}, auth)).body.error.code, 'totp_already_enabled');
    assert.is((await http(base, 'GET', '/api/me', undefined, auth)).body.user.totpEnabled, true);

    const need = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password });
    assert.is(need.status, 401);
    assert.is(need.body.error.code, 'totp_required');
    // A wrong password does not reveal that the account has two-factor.
    const wrongPw = await http(base, 'POST', '/api/auth/login', { login: u.username, password: 'not the password' });
    assert.is(wrongPw.body.error.code, 'invalid_credentials');
    const replay = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password, totp: code });
    assert.is(replay.status, 401);
    assert.is(replay.body.error.code, 'invalid_totp');
    const good = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password, totp: nextCode });
    assert.is(good.status, 200, good.text);
    const viaRecovery = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password, totp: recovery[0]!.toUpperCase() });
    assert.is(viaRecovery.status, 200, viaRecovery.text);
    const again = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password, recoveryCode: recovery[0] });
    assert.is(again.status, 401);
    assert.is(again.body.error.code, 'invalid_totp');
    const field = await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password, recoveryCode: recovery[1] });
    assert.is(field.status, 200);

    const auth2 = bearer(good.body.accessToken);
    const noPw = await http(base, 'POST', '/api/auth/2fa/disable', { password: 'not the password', code: recovery[2] }, auth2);
    assert.is(noPw.status, 403);
    assert.is(noPw.body.error.code, 'wrong_password');
    const usedCode = await http(base, 'POST', '/api/auth/2fa/disable', { password: u.password, code: recovery[0] }, auth2);
    assert.is(usedCode.status, 403);
    assert.is(usedCode.body.error.code, 'invalid_totp');
    const off = await http(base, 'POST', '/api/auth/2fa/disable', { password: u.password, code: recovery[2] }, auth2);
    assert.is(off.status, 204, off.text);
    assert.is((await http(base, 'POST', '/api/auth/login', { login: u.username, password: u.password })).status, 200);
    const exported = await http(base, 'GET', '/api/me/export', undefined, auth2);
    assert.is(exported.body.twoFactor.enabled, false);
    assert.not.ok(exported.text.includes(en.body.secret), 'TOTP secret must not be exported');
  });

  test.run();
}

// Without JWT_SECRET the key is generated once into the data directory (0600) and reused after a restart
// (a fresh token service reading the same directory stands in for the restarted process).
{
  const test = suite('accounts-auth [generated key]');
  test('a generated key is kept in the data directory and survives a restart', async () => {
    const { createTokenService } = await import('../src/services/tokens.ts');
    const { loadConfig } = await import('../src/config.ts');
    const dir = mkdtempSync(join(tmpdir(), 'dojo-key-'));
    try {
      const config = loadConfig({ DATA_DIR: dir });
      const first = createTokenService(config);
      const token = await first.signAccess({ id: '00000000-0000-4000-8000-000000000001', username: 'keeper', roles: ['player'] });
      const file = join(dir, 'jwt-secret');
      assert.is(statSync(file).mode & 0o777, 0o600);
      const keyText = readFileSync(file, 'utf8').trim();
      assert.ok(keyText.length >= 32);
      const restarted = createTokenService(loadConfig({ DATA_DIR: dir }));
      const claims = await restarted.verifyAccess(token);
      assert.is(claims.username, 'keeper');
      assert.is(readFileSync(file, 'utf8').trim(), keyText, 'key unchanged');
      const otherDir = mkdtempSync(join(tmpdir(), 'dojo-key-'));
      try {
        await createTokenService(loadConfig({ DATA_DIR: otherDir })).verifyAccess(token);
        assert.unreachable('a different key accepted the token');
      } catch (e: any) {
        assert.is(e.code, 'token_invalid');
      } finally {
        rmSync(otherDir, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test.run();
}
