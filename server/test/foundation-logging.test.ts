// Secrets never reach a log line: authorization and cookie headers, passwords, tokens and refresh
// tokens, at the top level and nested (up to the depth log.ts documents), through child loggers too;
// and a real HTTP request carrying credentials leaves none of them in the running server's log. Every
// line names the process (its public address), and a match's lines carry its roomId and matchId, so
// one match can be followed across processes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger, REDACT_PATHS, withAddress } from '../src/log.ts';
import { join, playTurn, waitFor } from './helpers/play.ts';
import { pgliteTarget } from './helpers/db.ts';
import { http, LogCapture, startTestServer } from './helpers/server.ts';

const flush = () => new Promise((r) => setTimeout(r, 20));

// [name, object logged, secrets it carries]
const CASES: [string, Record<string, unknown>, string[]][] = [
  ['request headers', { req: { headers: { authorization: 'Bearer SECRET1', cookie: 'sid=SECRET2', 'user-agent': 'ua' } } }, ['SECRET1', 'SECRET2']],
  ['top-level password', { password: 'SECRET3' }, ['SECRET3']],
  ['body tokens', { body: { refreshToken: 'SECRET4', token: 'SECRET5' } }, ['SECRET4', 'SECRET5']],
  ['nested password', { user: { password: 'SECRET6' } }, ['SECRET6']],
  ['bare headers', { headers: { authorization: 'SECRET7', cookie: 'SECRET8' } }, ['SECRET7', 'SECRET8']],
  ['capitalised headers', { headers: { Authorization: 'SECRET9', Cookie: 'SECRET10' } }, ['SECRET9', 'SECRET10']],
  ['other request object', { request: { headers: { authorization: 'SECRET11', cookie: 'SECRET12' } } }, ['SECRET11', 'SECRET12']],
  ['three levels down', { ctx: { req: { headers: { authorization: 'SECRET13', cookie: 'SECRET14' } } } }, ['SECRET13', 'SECRET14']],
  ['four levels down', { body: { tokens: { refresh: { token: 'SECRET15' } } } }, ['SECRET15']],
  ['password in an array', { users: [{ password: 'SECRET16' }, { password: 'SECRET17' }] }, ['SECRET16', 'SECRET17']],
  ['password changes', { body: { currentPassword: 'SECRET18', newPassword: 'SECRET19', oldPassword: 'SECRET20' } }, ['SECRET18', 'SECRET19', 'SECRET20']],
  ['access tokens', { accessToken: 'SECRET21', data: { accessToken: 'SECRET22' } }, ['SECRET21', 'SECRET22']],
  ['set-cookie', { res: { headers: { 'set-cookie': ['rt=SECRET23; HttpOnly'] } } }, ['SECRET23']],
  ['room options', { options: { token: 'SECRET24' } }, ['SECRET24']],
  ['user row', { row: { username: 'u', password_hash: '$argon2id$SECRET25' } }, ['SECRET25']],
];

test('redaction: every secret is censored, every other field stays', async () => {
  const capture = new LogCapture();
  const root = createLogger({ level: 'trace' }, capture);
  for (const [name, obj] of CASES) {
    root.info({ ...obj, marker: `root:${name}` }, 'case');
    root.child({ reqId: 'r1' }).child({ room: 'pool' }).warn({ ...obj, marker: `child:${name}` }, 'case');
  }
  await flush();
  assert.is(capture.lines.length, CASES.length * 2);
  const all = capture.lines.join('\n');
  for (const [name, , secrets] of CASES) {
    for (const s of secrets) assert.not.ok(all.includes(s), `${name}: ${s} leaked`);
    assert.ok(all.includes(`"root:${name}"`) && all.includes(`"child:${name}"`), `${name}: marker logged`);
  }
  // The non-secret neighbours survive and the censor is visible.
  const first = JSON.parse(capture.lines[0]!);
  assert.is(first.req.headers['user-agent'], 'ua');
  assert.is(first.req.headers.authorization, '[REDACTED]');
  assert.is(first.req.headers.cookie, '[REDACTED]');
  const row = JSON.parse(capture.lines.find((l) => l.includes('root:user row'))!);
  assert.equal(row.row, { username: 'u', password_hash: '[REDACTED]' });
});

test('redaction: an error carrying a password is censored but keeps its message', async () => {
  const capture = new LogCapture();
  const log = createLogger({ level: 'info' }, capture);
  log.error({ err: Object.assign(new Error('login failed for alice'), { password: 'SECRET_ERR' }) }, 'failed');
  await flush();
  assert.not.ok(capture.lines[0]!.includes('SECRET_ERR'));
  assert.ok(capture.lines[0]!.includes('login failed for alice'));
});

test('redaction paths are valid and cover the documented names', () => {
  for (const p of ['*.password', '*.*.authorization', '*.*.*.token', 'refreshToken', 'cookie']) assert.ok(REDACT_PATHS.includes(p), p);
});

test('a real request with Authorization and Cookie leaves neither in the server log', async () => {
  const server = await startTestServer(pgliteTarget(), { logLevel: 'trace' });
  try {
    const headers = { authorization: 'Bearer HDR_SECRET_X', cookie: 'sid=COOKIE_SECRET_Y' };
    assert.is((await http(server.url, 'GET', '/healthz', undefined, headers)).status, 200);
    assert.is((await http(server.url, 'GET', '/api/no-such-route', undefined, headers)).status, 404);
    await http(server.url, 'POST', '/api/auth/login', { username: 'alice', password: 'BODY_SECRET_Z' }, headers);
    await http(server.url, 'POST', '/api/auth/login', '{"password":"BAD_JSON_SECRET', headers);
    await flush();
    const all = server.logs.join('\n');
    assert.ok(server.logs.some((l) => l.includes('"path":"/healthz"')), 'the request was logged');
    for (const s of ['HDR_SECRET_X', 'COOKIE_SECRET_Y', 'BODY_SECRET_Z', 'BAD_JSON_SECRET']) assert.not.ok(all.includes(s), `${s} leaked into the log`);
  } finally {
    await server.dispose();
  }
});

test('every line names the process; withAddress adds the address once', async () => {
  const capture = new LogCapture();
  const root = createLogger({ level: 'info', publicAddress: 'game1.example:2567' }, capture);
  withAddress(root, 'other:1').child({ roomId: 'r' }).info('from a room');
  withAddress(createLogger({ level: 'info' }, capture), 'game2.example:2568').info('given a bare logger');
  withAddress(createLogger({ level: 'info' }, capture), undefined).info('a lone process');
  await flush();
  const [a, b, c] = capture.lines.map((l) => JSON.parse(l));
  assert.is(a.publicAddress, 'game1.example:2567');
  assert.is(a.roomId, 'r');
  assert.is(capture.lines[0]!.match(/publicAddress/g)!.length, 1, 'not repeated');
  assert.is(b.publicAddress, 'game2.example:2568');
  assert.is(c.publicAddress, 'local');
});

test('a match in the server log: its lines carry roomId, matchId and the process address', async () => {
  // Clients follow the public address to the room, so it must be where the server listens.
  const port = 3571;
  const address = `127.0.0.1:${port}`;
  const server = await startTestServer(pgliteTarget(), { env: { PORT: String(port), PUBLIC_ADDRESS: address, COMPUTER_QUICK_WAIT_S: '0' }, logLevel: 'debug' });
  try {
    const a = await join(server.url, 'create', 'match', { game: '9ball', name: 'Ann', shotClockS: 600 });
    const b = await join(server.url, 'joinById', a.room.roomId, { name: 'Bo' });
    await waitFor(() => a.state.phase === 'playing', 5000, 'playing');
    const shooter = a.state.turn === 0 ? a : b;
    playTurn(shooter.state, shooter);
    await waitFor(() => a.state.shotSeq > 0, 5000, 'a shot');
    a.room.send('concede', { scope: 'match' });
    await waitFor(() => a.state.phase === 'finished', 5000, 'finished');
    const roomId = a.room.roomId;
    const matchId = a.state.matchId as string;
    await a.room.leave().catch(() => {});
    await b.room.leave().catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    const lines = server.logs.map((l) => JSON.parse(l));
    assert.ok(lines.length > 5);
    for (const l of lines) assert.is(l.publicAddress, address, `every line names the process: ${l.msg}`);
    const ofMatch = lines.filter((l) => l.matchId === matchId);
    for (const msg of ['match room created', 'match started', 'shot', 'match finished']) {
      const l = ofMatch.find((x) => x.msg === msg);
      assert.ok(l, `"${msg}" is logged with the match id`);
      assert.is(l.roomId, roomId, `"${msg}" carries the room id`);
    }
  } finally {
    await server.dispose();
  }
});

test.run();
