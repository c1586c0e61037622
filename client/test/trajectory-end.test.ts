// The table's trajectory (table/trajectory.ts) re-simulates a 'shot' broadcast from its start positions (the message carries no
// events): built here the way the room builds one (strike → simulate → ShotMessage), its positions at t = duration must equal the
// simulation's resting balls, and mid-shot it must follow the solver's own at(t).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rack } from '@dojopool/shared/physics/rack.ts';
import { simulate } from '@dojopool/shared/physics/simulate.ts';
import { strike } from '@dojopool/shared/physics/strike.ts';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import type { BallState } from '@dojopool/shared/physics/types.ts';
import type { ShotMessage } from '@dojopool/shared/protocol/index.ts';
import { buildTrajectory as animateShot, playback as playbackTime } from '../src/table/trajectory.ts';

const table = standardTable('9ft');

function shotMessage(balls: BallState[], stroke: { angle: number; speed: number; side: number; vertical: number }): { msg: ShotMessage; result: ReturnType<typeof simulate> } {
  const hit = strike(stroke);
  const start = balls.map((b) => (b.id === 0 ? { id: 0, x: b.x, y: b.y, vx: hit.vx, vy: hit.vy, wx: hit.wx, wy: hit.wy, wz: hit.wz } : { id: b.id, x: b.x, y: b.y, ...(b.pocketed ? { pocketed: true } : {}) }));
  const result = simulate({ table, balls: start });
  // Through JSON, as it crosses the wire: the stroke and where it started, no events.
  const sent: ShotMessage = { seq: 1, seat: 0, stroke: { ...stroke, miscue: !!hit.miscue }, start, duration: result.duration, foul: null, reason: '' };
  const msg = JSON.parse(JSON.stringify(sent)) as ShotMessage;
  return { msg, result };
}

const cases: [string, '8ball' | '9ball', number, { angle: number; speed: number; side: number; vertical: number }][] = [
  ['8-ball break', '8ball', 7, { angle: 0, speed: 9, side: 0, vertical: 0 }],
  ['9-ball break with spin', '9ball', 11, { angle: 0.01, speed: 10, side: 0.2, vertical: -0.3 }],
  ['soft angled shot', '8ball', 3, { angle: 0.4, speed: 2, side: -0.1, vertical: 0.2 }],
];

for (const [name, game, seed, stroke] of cases) {
  test(`${name}: positions at t = duration equal the simulation's final balls`, () => {
    const balls = rack(game, seed, table);
    const { msg, result } = shotMessage(balls, stroke);
    const anim = animateShot(msg, table);
    assert.ok(Math.abs(anim.duration - result.duration) < 1e-9, 'same duration');
    const end = anim.at(anim.duration);
    assert.is(end.length, result.balls.length);
    for (let i = 0; i < end.length; i++) {
      const a = end[i]!;
      const b = result.balls[i]!;
      assert.is(a.id, b.id);
      assert.is(a.pocketed, !!b.pocketed, `ball ${a.id} pocketed`);
      assert.ok(Math.abs(a.x - b.x) < 1e-9 && Math.abs(a.y - b.y) < 1e-9, `ball ${a.id} at rest where the server has it`);
    }
    assert.equal(anim.final(), end);
    // Past the end it stays at rest; mid-shot it follows the solver.
    assert.equal(anim.at(anim.duration + 5), end);
    const mid = anim.at(anim.duration / 3);
    const ref = result.at(anim.duration / 3);
    for (let i = 0; i < mid.length; i++) assert.ok(Math.abs(mid[i]!.x - ref[i]!.x) < 1e-9 && Math.abs(mid[i]!.y - ref[i]!.y) < 1e-9);
    // At t = 0 the balls are where the shot started.
    const first = anim.at(0);
    for (let i = 0; i < first.length; i++) assert.ok(Math.abs(first[i]!.x - msg.start[i]!.x) < 1e-12);
  });
}

test('playback clock clamps and ends at the duration', () => {
  assert.equal(playbackTime(0, 2), { t: 0, done: false });
  assert.equal(playbackTime(1000, 2), { t: 1, done: false });
  assert.equal(playbackTime(2500, 2), { t: 2, done: true });
  assert.equal(playbackTime(500, 2, 4), { t: 2, done: true });
});

test.run();
