// Calling shots, as pure functions the table view and the tests share. What a shot must carry comes
// from the game's registry entry (its callRule): nothing ('none'), the money ball's pocket once the
// shooter is on it ('money-ball', 8-ball), or a ball and a pocket — or a declared safety — on every shot
// after the break ('every-shot', 10-ball). The view pre-fills the obvious call (the ball, and the pocket
// the aim line sends it to) and lets the player change it by clicking a ball, then a pocket.
// The server decides whether a call was needed and met; this only builds the intent.
import type { PocketId } from '@dojopool/shared/physics/types.ts';
import type { ShotIntent } from '@dojopool/shared/protocol/index.ts';
import type { GameDef } from '@dojopool/shared/rules/registry.ts';
import type { AimGuide } from './aim-guide.ts';
import type { Point } from './mapping.ts';

export type Call = { ball: number; pocket: PocketId };
export type TableBall = Point & { id: number; pocketed?: boolean };
export type PocketSpot = Point & { id: PocketId; radius: number };

/**
 * What the next shot must carry. 'money-ball': the money ball's pocket (the ball is fixed);
 * 'ball-and-pocket': any ball and a pocket, or safety; 'none': nothing.
 */
export type CallNeed = 'none' | 'money-ball' | 'ball-and-pocket';

export type CallContext = {
  game: Pick<GameDef, 'callRule' | 'moneyBall' | 'balls'>;
  isBreak: boolean;
  /** The shooter's group in group games ('solids' | 'stripes' | ''), for the money-ball rule. */
  group: string;
  balls: readonly TableBall[];
};

/** Object balls of a group (8-ball: solids 1..7, stripes 9..15 around the money ball). */
function inGroup(id: number, group: string, game: CallContext['game']): boolean {
  return group === 'solids' ? id >= 1 && id < game.moneyBall : group === 'stripes' ? id > game.moneyBall && id <= game.balls : false;
}

export function callNeed(c: CallContext): CallNeed {
  if (c.isBreak) return 'none';
  switch (c.game.callRule) {
    case 'every-shot':
      return 'ball-and-pocket';
    case 'money-ball': {
      // On the money ball: the shooter's group is cleared (an open table has no group yet).
      if (c.group !== 'solids' && c.group !== 'stripes') return 'none';
      const left = c.balls.some((b) => !b.pocketed && inGroup(b.id, c.group, c.game));
      return left ? 'none' : 'money-ball';
    }
    case 'none':
      return 'none';
  }
}

/** The object ball (not pocketed) under a table point, within `slop` × R of its centre; the nearest wins. */
export function ballAt(balls: readonly TableBall[], p: Point, R: number, slop = 1.3): number | null {
  let best: number | null = null;
  let bestD = Infinity;
  for (const b of balls) {
    if (b.id === 0 || b.pocketed) continue;
    const d = Math.hypot(p.x - b.x, p.y - b.y);
    if (d <= R * slop && d < bestD) (best = b.id), (bestD = d);
  }
  return best;
}

export function nearestPocket(pockets: readonly PocketSpot[], p: Point): PocketId {
  let best = pockets[0]!;
  for (const k of pockets) if (Math.hypot(p.x - k.x, p.y - k.y) < Math.hypot(p.x - best.x, p.y - best.y)) best = k;
  return best.id;
}

/**
 * The pocket a ball at `from` heads to when it leaves along `angle`: the pocket whose direction is
 * closest to it, if within `maxOffRad`; null when the ball heads for none (it would hit a rail first).
 */
export function pocketAlong(pockets: readonly PocketSpot[], from: Point, angle: number, maxOffRad = 0.35): PocketId | null {
  let best: PocketId | null = null;
  let bestOff = maxOffRad;
  for (const k of pockets) {
    const to = Math.atan2(k.y - from.y, k.x - from.x);
    let off = Math.abs(to - angle) % (2 * Math.PI);
    if (off > Math.PI) off = 2 * Math.PI - off;
    if (off <= bestOff) (best = k.id), (bestOff = off);
  }
  return best;
}

/**
 * The obvious call for the next shot: the ball (the money ball; in rotation games the lowest on the
 * table; otherwise the ball the aim line hits first) and the pocket the aim sends it to, or the pocket
 * nearest to it when the aim does not hit it. Null when there is nothing to call.
 */
export function suggestCall(need: CallNeed, lowestFirst: boolean, moneyBall: number, balls: readonly TableBall[], guide: Pick<AimGuide, 'hit' | 'objectAngle'> | null, pockets: readonly PocketSpot[]): Call | null {
  if (need === 'none' || pockets.length === 0) return null;
  const onTable = balls.filter((b) => b.id > 0 && !b.pocketed);
  let ball: number | null;
  if (need === 'money-ball') ball = moneyBall;
  else if (lowestFirst) ball = onTable.reduce<number | null>((lo, b) => (lo === null || b.id < lo ? b.id : lo), null);
  else ball = guide?.hit ?? null;
  return ball === null ? null : callFor(ball, balls, guide, pockets);
}

/** The call of `ball` with the pocket the aim sends it to (when the aim hits it), else its nearest pocket. */
export function callFor(ball: number, balls: readonly TableBall[], guide: Pick<AimGuide, 'hit' | 'objectAngle'> | null, pockets: readonly PocketSpot[]): Call | null {
  const b = balls.find((x) => x.id === ball && !x.pocketed);
  if (!b || pockets.length === 0) return null;
  const aimed = guide && guide.hit === ball && guide.objectAngle !== null ? pocketAlong(pockets, b, guide.objectAngle) : null;
  return { ball, pocket: aimed ?? nearestPocket(pockets, b) };
}

/**
 * The call after a click on the table: a click on a ball names that ball (its pocket from the aim or
 * the nearest), a click on a pocket names that pocket for the called ball. With the money-ball rule
 * only the pocket can change. Returns null when the click was on neither (the click is then an aim).
 */
export function callAfterClick(
  need: CallNeed,
  current: Call | null,
  click: { ball: number | null; pocket: PocketId | null },
  balls: readonly TableBall[],
  guide: Pick<AimGuide, 'hit' | 'objectAngle'> | null,
  pockets: readonly PocketSpot[],
): Call | null {
  if (need === 'none') return null;
  if (click.pocket && current) return { ball: current.ball, pocket: click.pocket };
  if (click.ball !== null && need === 'ball-and-pocket') return callFor(click.ball, balls, guide, pockets);
  return null;
}

/** The player's choices on top of the stroke: what they called, a declared safety, a push out. */
export type ShotDeclaration = { call: Call | null; safety: boolean; pushOut: boolean };

// The rules branch adds `safety` to ShotIntent; until then the field is declared here as well.
export type ShotIntentOut = ShotIntent & { safety?: boolean };

/**
 * The shot intent for a stroke with the player's declaration, or the reason it cannot go yet. A push
 * out needs no call; a safety replaces the call; otherwise the call the rule asks for must be there.
 */
export function buildShot(stroke: { angle: number; speed: number; side: number; vertical: number }, need: CallNeed, d: ShotDeclaration, pushOutOffered: boolean): { intent: ShotIntentOut } | { problem: string } {
  const intent: ShotIntentOut = { angle: stroke.angle, speed: Math.round(stroke.speed * 1000) / 1000, side: stroke.side, vertical: stroke.vertical };
  if (pushOutOffered && d.pushOut) return { intent: { ...intent, pushOut: true } };
  if (need === 'ball-and-pocket' && d.safety) return { intent: { ...intent, safety: true } };
  if (need === 'none') return { intent };
  if (!d.call) return { problem: need === 'money-ball' ? 'Call the pocket first: click the pocket you are aiming at' : 'Call a ball and a pocket (click a ball, then a pocket) or play a safety' };
  return { intent: { ...intent, called: { ball: d.call.ball, pocket: d.call.pocket } } };
}
