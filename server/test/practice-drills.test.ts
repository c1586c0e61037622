// Practice drill scores over REST: a run is submitted as its strokes and the server re-simulates them
// with the shared physics (shared/src/practice/drills.ts) to score it; the best per drill and the
// number of runs are kept (migration 0041) and shown on the public profile; runs need an account;
// unknown drills and malformed runs are refused.
import * as assert from 'uvu/assert';
import { drillStage, type DrillId } from '@dojopool/shared';
import { bearer, NO_LIMITS, register, TEST_JWT_SECRET } from './accounts-helpers.ts';
import { dbTargets } from './helpers/db.ts';
import { http } from './helpers/server.ts';
import { serverSuite } from './helpers/suites.ts';

/** Aims each stage's cue ball through the ghost ball for a straight-in pot (stun, firm). */
function ghostRun(drill: DrillId, offset = 0) {
  return [0, 1, 2, 3, 4].map((i) => {
    const s = drillStage(drill, i);
    const cue = s.balls[0]!;
    const obj = s.balls[1]!;
    const g = { x: obj.x - Math.SQRT1_2 * 2 * 0.028575, y: obj.y - Math.SQRT1_2 * 2 * 0.028575 };
    return { angle: Math.atan2(g.y - cue.y, g.x - cue.x) + offset, speed: 2.5, vertical: -0.3 };
  });
}

for (const target of await dbTargets()) {
  const { test, ctx } = serverSuite('practice-drills', target, { logLevel: 'warn', env: { JWT_SECRET: TEST_JWT_SECRET, ...NO_LIMITS } });

  test(`[${target.name}] a run is scored by the server, the best is kept and shown on the profile`, async () => {
    const url = ctx.server.url;
    const list = await http(url, 'GET', '/api/drills');
    assert.equal(list.body.drills.map((d: any) => d.id), ['straight', 'cut', 'position']);
    const u = await register(url);
    const h = bearer(u.accessToken);
    const good = await http(url, 'POST', '/api/me/drills/straight/runs', { strokes: ghostRun('straight') }, h);
    assert.is(good.status, 201, good.text);
    assert.equal(good.body, { drill: 'straight', score: 5, best: 5, runs: 1 });
    const bad = await http(url, 'POST', '/api/me/drills/straight/runs', { strokes: ghostRun('straight', 0.3) }, h);
    assert.equal(bad.body, { drill: 'straight', score: 0, best: 5, runs: 2 }, 'a worse run keeps the best');
    const cut = await http(url, 'POST', '/api/me/drills/cut/runs', { strokes: ghostRun('straight', 0.3) }, h);
    assert.is(cut.body.score, 0);
    const prof = await http(url, 'GET', `/api/players/${u.user.id}`);
    assert.equal(prof.body.player.drills.map((d: any) => [d.drill, d.best, d.runs]), [['cut', 0, 1], ['straight', 5, 2]]);
    const mine = await http(url, 'GET', '/api/me/drills', undefined, h);
    assert.is(mine.body.drills.length, 2);
  });

  test(`[${target.name}] runs need an account; unknown drills and malformed runs are refused`, async () => {
    const url = ctx.server.url;
    const anon = await http(url, 'POST', '/api/me/drills/straight/runs', { strokes: ghostRun('straight') });
    assert.is(anon.status, 401);
    const u = await register(url);
    const h = bearer(u.accessToken);
    assert.is((await http(url, 'POST', '/api/me/drills/snooker/runs', { strokes: ghostRun('straight') }, h)).status, 404);
    assert.is((await http(url, 'POST', '/api/me/drills/straight/runs', { strokes: ghostRun('straight').slice(0, 2) }, h)).status, 400, 'one stroke per stage');
    assert.is((await http(url, 'POST', '/api/me/drills/straight/runs', { strokes: [{ angle: 0, speed: 99 }] }, h)).status, 400, 'out of range');
    assert.is((await http(url, 'POST', '/api/me/drills/straight/runs', { strokes: 'x' }, h)).status, 400);
    const prof = await http(url, 'GET', `/api/players/${u.user.id}`);
    assert.equal(prof.body.player.drills, [], 'nothing stored for refused runs');
  });

  test.run();
}
