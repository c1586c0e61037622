// Issue 17: GET /metrics in Prometheus' text format. Every series the operator's dashboard reads is
// there with the dojopool_ prefix; the room, client and live-match gauges follow a real match (two
// guests through the SDK) and the shot histogram and match counters move when a shot is played; with
// METRICS_TOKEN set the endpoint refuses a request without the bearer token.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pgliteTarget } from './helpers/db.ts';
import { join, playTurn, waitFor } from './helpers/play.ts';
import { http, startTestServer } from './helpers/server.ts';

/** The value of one sample (`name{labels} value`), or null. */
function sample(text: string, name: string, labels = ''): number | null {
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}

const TOKEN = 'metrics-token-0123456789';

test('GET /metrics: the dashboard series, following a real match; protected by METRICS_TOKEN', async () => {
  const srv = await startTestServer(pgliteTarget(), { env: { METRICS_TOKEN: TOKEN }, logLevel: 'warn' });
  const auth = { authorization: `Bearer ${TOKEN}` };
  try {
    assert.is((await http(srv.url, 'GET', '/metrics')).status, 401, 'no token: refused');
    assert.is((await http(srv.url, 'GET', '/metrics', undefined, { authorization: 'Bearer wrong-token-0123456789' })).status, 401, 'a wrong token: refused');
    const first = await http(srv.url, 'GET', '/metrics', undefined, auth);
    assert.is(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /text\/plain/);
    for (const name of [
      'dojopool_matches_live',
      'dojopool_write_queue_depth',
      'dojopool_matches_started_total',
      'dojopool_matches_finished_total',
      'dojopool_matches_aborted_total',
      'dojopool_shot_handling_seconds',
      'dojopool_write_retries_total',
      'dojopool_spooled_writes_total',
      'dojopool_lease_renewals_total',
      'dojopool_adoptions_total',
      'dojopool_nodejs_eventloop_lag_seconds',
      'dojopool_process_resident_memory_bytes',
      'dojopool_process_cpu_seconds_total',
    ])
      assert.match(first.text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    assert.is(sample(first.text, 'dojopool_matches_live'), 0);

    const a = await join(srv.url, 'create', 'match', { game: '9ball', name: 'Ann', shotClockS: 600 });
    const b = await join(srv.url, 'joinById', a.room.roomId, { name: 'Bo' });
    await waitFor(() => a.state.phase === 'playing', 5000, 'playing');
    const shooter = a.state.turn === 0 ? a : b;
    playTurn(shooter.state, shooter);
    await waitFor(() => a.state.shotSeq > 0, 5000, 'a shot');
    await new Promise((r) => setTimeout(r, 300)); // the room writes behind
    const during = (await http(srv.url, 'GET', '/metrics', undefined, auth)).text;
    assert.is(sample(during, 'dojopool_rooms', 'room="match"'), 1);
    assert.is(sample(during, 'dojopool_clients', 'room="match"'), 2);
    assert.is(sample(during, 'dojopool_matches_live'), 1);
    assert.is(sample(during, 'dojopool_matches_started_total'), 1);
    assert.is(sample(during, 'dojopool_shot_handling_seconds_count'), 1, 'one shot handled');
    assert.ok(sample(during, 'dojopool_shot_handling_seconds_sum')! > 0);

    a.room.send('concede', { scope: 'match' });
    await waitFor(() => a.state.phase === 'finished', 5000, 'finished');
    await new Promise((r) => setTimeout(r, 300));
    const after = (await http(srv.url, 'GET', '/metrics', undefined, auth)).text;
    assert.is(sample(after, 'dojopool_matches_finished_total'), 1);
    assert.is(sample(after, 'dojopool_matches_live'), 0, 'a finished match is no longer hosted');
    await a.room.leave().catch(() => {});
    await b.room.leave().catch(() => {});
  } finally {
    await srv.dispose();
  }
});

test.run();
