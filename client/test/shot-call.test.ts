// Calling shots: what each call rule asks of the next shot, the pre-filled call (the ball, and the
// pocket the aim line sends it to), changing it by clicking a ball then a pocket, and the shot intent
// built with a call, a safety or a push out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { parseShot } from '@dojopool/shared/protocol/index.ts';
import { GAME_KINDS, gameDef, type GameDef } from '@dojopool/shared/rules/registry.ts';
import { aimAngle } from '../src/input/mapping.ts';
import { aimGuide } from '../src/input/aim-guide.ts';
import { ballAt, buildShot, callAfterClick, callNeed, nearestPocket, pocketAlong, suggestCall, type TableBall } from '../src/input/shot-call.ts';

const table = standardTable('9ft');
const R = table.ballRadius;
const pockets = table.pockets;
const pocket = (id: string) => pockets.find((p) => p.id === id)!;

// The call rules as the registry states them; a rotation game that calls every shot (10-ball's entry).
const moneyBall: Pick<GameDef, 'callRule' | 'moneyBall' | 'balls'> = { callRule: 'money-ball', moneyBall: 8, balls: 15 };
const everyShot: Pick<GameDef, 'callRule' | 'moneyBall' | 'balls'> = { callRule: 'every-shot', moneyBall: 10, balls: 10 };
const noCalls: Pick<GameDef, 'callRule' | 'moneyBall' | 'balls'> = { callRule: 'none', moneyBall: 9, balls: 9 };

const rack15 = (down: number[] = []): TableBall[] => [
  { id: 0, x: -0.6, y: 0 },
  ...Array.from({ length: 15 }, (_, i) => ({ id: i + 1, x: 0.2 + 0.03 * i, y: 0.1 * ((i % 5) - 2), pocketed: down.includes(i + 1) })),
];

test('what the next shot must carry, by call rule', () => {
  const solidsGone = [1, 2, 3, 4, 5, 6, 7];
  const cases: [string, Parameters<typeof callNeed>[0], string][] = [
    ['money-ball, break', { game: moneyBall, isBreak: true, group: 'solids', balls: rack15(solidsGone) }, 'none'],
    ['money-ball, open table', { game: moneyBall, isBreak: false, group: '', balls: rack15(solidsGone) }, 'none'],
    ['money-ball, solids left', { game: moneyBall, isBreak: false, group: 'solids', balls: rack15([1, 2, 3]) }, 'none'],
    ['money-ball, solids cleared', { game: moneyBall, isBreak: false, group: 'solids', balls: rack15(solidsGone) }, 'money-ball'],
    ['money-ball, stripes left though solids cleared', { game: moneyBall, isBreak: false, group: 'stripes', balls: rack15(solidsGone) }, 'none'],
    ['money-ball, stripes cleared', { game: moneyBall, isBreak: false, group: 'stripes', balls: rack15([9, 10, 11, 12, 13, 14, 15]) }, 'money-ball'],
    ['every-shot, break', { game: everyShot, isBreak: true, group: '', balls: rack15() }, 'none'],
    ['every-shot, after the break', { game: everyShot, isBreak: false, group: '', balls: rack15() }, 'ball-and-pocket'],
    ['none', { game: noCalls, isBreak: false, group: '', balls: rack15() }, 'none'],
  ];
  for (const [name, ctx, want] of cases) assert.is(callNeed(ctx), want, name);
});

test('every registered game: nothing to call on the break; its call rule decides after it', () => {
  for (const kind of GAME_KINDS) {
    const g = gameDef(kind);
    assert.is(callNeed({ game: g, isBreak: true, group: '', balls: rack15() }), 'none', kind);
    const after = callNeed({ game: g, isBreak: false, group: '', balls: rack15() });
    assert.is(after, g.callRule === 'every-shot' ? 'ball-and-pocket' : 'none', kind);
  }
});

test('a ball under the pointer; the nearest pocket; the pocket a ball is sent to', () => {
  const balls: TableBall[] = [{ id: 0, x: 0, y: 0 }, { id: 3, x: 0.5, y: 0.2 }, { id: 4, x: 0.5 + 2.05 * R, y: 0.2 }, { id: 5, x: -0.5, y: 0, pocketed: true }];
  assert.is(ballAt(balls, { x: 0.5 + 0.5 * R, y: 0.2 }, R), 3);
  assert.is(ballAt(balls, { x: 0.5 + 1.6 * R, y: 0.2 }, R), 4, 'the nearer of two');
  assert.is(ballAt(balls, { x: -0.5, y: 0 }, R), null, 'pocketed balls are not clickable');
  assert.is(ballAt(balls, { x: 0, y: 0 }, R), null, 'nor is the cue ball');
  assert.is(nearestPocket(pockets, { x: 1.1, y: 0.5 }), 'TR');
  assert.is(nearestPocket(pockets, { x: 0.05, y: -0.55 }), 'BM');
  const from = { x: 0.3, y: 0.1 };
  for (const id of ['TL', 'TM', 'TR', 'BL', 'BM', 'BR']) assert.is(pocketAlong(pockets, from, aimAngle(from, pocket(id))), id);
  // Straight at the middle of the foot rail: no pocket is within reach of that line.
  assert.is(pocketAlong(pockets, { x: 0, y: 0 }, 0), null);
});

test('the suggested call follows the aim: rotation games call the lowest ball', () => {
  // Cue ball, the 2 straight in line with the top-right pocket, the 5 elsewhere.
  const tr = pocket('TR');
  const two = { x: tr.x - 0.5, y: tr.y - 0.25 };
  const dir = Math.atan2(tr.y - two.y, tr.x - two.x);
  const cue = { x: two.x - Math.cos(dir) * 0.6, y: two.y - Math.sin(dir) * 0.6 };
  const balls: TableBall[] = [{ id: 0, ...cue }, { id: 2, ...two }, { id: 5, x: -0.9, y: -0.5 }, { id: 1, x: 0, y: 0, pocketed: true }];
  const straight = aimGuide(cue, dir, balls, R, table.length, table.width);
  assert.is(straight.hit, 2);
  assert.equal(suggestCall('ball-and-pocket', true, 10, balls, straight, pockets), { ball: 2, pocket: 'TR' });
  // Aiming away from the 2: its nearest pocket instead.
  const away = aimGuide(cue, dir + Math.PI, balls, R, table.length, table.width);
  assert.equal(suggestCall('ball-and-pocket', true, 10, balls, away, pockets), { ball: 2, pocket: nearestPocket(pockets, two) });
  // Not a rotation game: the ball the aim line hits.
  const atFive = aimGuide(cue, aimAngle(cue, balls[2]!), balls, R, table.length, table.width);
  assert.is(suggestCall('ball-and-pocket', false, 10, balls, atFive, pockets)?.ball, 5);
  assert.is(suggestCall('ball-and-pocket', false, 10, balls, null, pockets), null, 'nothing aimed at, nothing suggested');
  // Money ball: always that ball; nothing to call when none is needed.
  assert.is(suggestCall('money-ball', false, 5, balls, straight, pockets)?.ball, 5);
  assert.is(suggestCall('none', true, 10, balls, straight, pockets), null);
});

test('clicking a ball then a pocket changes the call', () => {
  const balls: TableBall[] = [{ id: 0, x: -0.6, y: 0 }, { id: 3, x: 0.9, y: 0.45 }, { id: 7, x: -1.0, y: -0.5 }];
  const start = { ball: 3, pocket: 'TR' as const };
  const onSeven = callAfterClick('ball-and-pocket', start, { ball: 7, pocket: null }, balls, null, pockets);
  assert.equal(onSeven, { ball: 7, pocket: 'BL' }, 'the clicked ball with its nearest pocket');
  assert.equal(callAfterClick('ball-and-pocket', onSeven, { ball: null, pocket: 'TM' }, balls, null, pockets), { ball: 7, pocket: 'TM' });
  assert.is(callAfterClick('ball-and-pocket', start, { ball: null, pocket: null }, balls, null, pockets), null, 'a click on the cloth is an aim');
  // The money ball's pocket changes; the ball does not.
  assert.equal(callAfterClick('money-ball', { ball: 8, pocket: 'TR' }, { ball: null, pocket: 'BL' }, balls, null, pockets), { ball: 8, pocket: 'BL' });
  assert.is(callAfterClick('money-ball', { ball: 8, pocket: 'TR' }, { ball: 3, pocket: null }, balls, null, pockets), null);
  assert.is(callAfterClick('none', start, { ball: 3, pocket: 'TR' }, balls, null, pockets), null);
});

test('the shot intent carries the call, or a safety, or a push out — and the server parses it', () => {
  const stroke = { angle: 0.5, speed: 3.14159, side: 0.1, vertical: -0.2 };
  const call = { ball: 4, pocket: 'BR' as const };
  const ok = (r: ReturnType<typeof buildShot>) => {
    if ('problem' in r) throw new Error(r.problem);
    return r.intent;
  };
  const called = ok(buildShot(stroke, 'ball-and-pocket', { call, safety: false, pushOut: false }, false));
  assert.equal(called.called, call);
  assert.is(called.speed, 3.142);
  assert.equal(parseShot(called).called, call);
  const safe = ok(buildShot(stroke, 'ball-and-pocket', { call, safety: true, pushOut: false }, false));
  assert.is(safe.safety, true);
  assert.is(safe.called, undefined);
  const push = ok(buildShot(stroke, 'ball-and-pocket', { call, safety: true, pushOut: true }, true));
  assert.is(push.pushOut, true);
  assert.is(push.called, undefined);
  assert.is(push.safety, undefined);
  // A push out not on offer is not sent: the call rule applies.
  assert.equal(ok(buildShot(stroke, 'ball-and-pocket', { call, safety: false, pushOut: true }, false)).pushOut, undefined);
  assert.ok('problem' in buildShot(stroke, 'ball-and-pocket', { call: null, safety: false, pushOut: false }, false));
  assert.ok('problem' in buildShot(stroke, 'money-ball', { call: null, safety: false, pushOut: false }, false));
  // Money ball: a safety is not a declaration there, the call is.
  assert.equal(ok(buildShot(stroke, 'money-ball', { call: { ball: 8, pocket: 'TL' }, safety: true, pushOut: false }, false)).called, { ball: 8, pocket: 'TL' });
  const plain = ok(buildShot(stroke, 'none', { call, safety: true, pushOut: false }, false));
  assert.is(plain.called, undefined);
  assert.is(plain.safety, undefined);
});

test.run();
