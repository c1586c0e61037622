// The replay's stage: draws a recorded match (GET /api/matches/:id) at any action, animating a shot by
// re-simulating it from the positions before it, and playing on by itself at a chosen speed. The
// replay screen (screens/ReplayScreen.tsx) owns the timeline and controls and calls into this.
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { fitTable, type Layout } from '../input/mapping.ts';
import { fitCanvasToStage } from './canvas-fit.ts';
import { drawBall, drawTable } from './draw-table.ts';
import { positionsBefore, shotMessageAt, type ReplayMatch } from './replay-model.ts';
import { animateShot, playbackTime, type BallPose, type ShotAnimation } from './shot-animation.ts';
import { h } from './toast.ts';

const table = standardTable('9ft');
const HOLD_MS = 900;

export type ReplayStage = {
  /** Shows action i (-1: the opening rack); with animate, plays that action's shot into it. */
  goTo(i: number, animate: boolean): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  dispose(): void;
};

export function mountReplayStage(root: HTMLElement, match: ReplayMatch, start: number, onStep: (i: number, playing: boolean) => void): ReplayStage {
  let i = Math.max(-1, Math.min(match.shots.length - 1, start));
  let anim: { a: ShotAnimation; t0: number } | null = null;
  let playing = false;
  let speed = 1;
  let holdUntil = 0;
  let disposed = false;
  let layout: Layout = fitTable({ width: 1, height: 1 }, table.length, table.width, 1);
  const canvas = h('canvas', { class: 'table-canvas', role: 'img', 'aria-label': 'The table as recorded' });
  const stage = h('div', { class: 'stage' }, canvas);
  root.replaceChildren(stage);
  const ctx = canvas.getContext('2d')!;

  const rest = (): BallPose[] => (i < 0 ? positionsBefore(match, 0, table) : match.shots[i]!.balls.map((b) => ({ ...b, pocketed: !!b.pocketed })));

  function goTo(to: number, animate: boolean) {
    i = Math.max(-1, Math.min(match.shots.length - 1, to));
    anim = null;
    const msg = animate && i >= 0 ? shotMessageAt(match, i, table) : null;
    if (msg) anim = { a: animateShot(msg, table), t0: performance.now() };
    holdUntil = performance.now() + HOLD_MS / speed;
    onStep(i, playing);
  }

  const stopFitting = fitCanvasToStage(stage, canvas, table, (l) => (layout = l));
  let raf = 0;
  const frame = () => {
    if (disposed) return;
    raf = requestAnimationFrame(frame);
    drawTable(ctx, layout, table);
    let balls = rest();
    const now = performance.now();
    if (anim) {
      const { t, done } = playbackTime((now - anim.t0) * speed, anim.a.duration);
      if (done) {
        anim = null;
        holdUntil = now + HOLD_MS / speed;
      } else balls = anim.a.at(t);
    } else if (playing && now >= holdUntil) {
      if (i < match.shots.length - 1) goTo(i + 1, true);
      else {
        playing = false;
        onStep(i, playing);
      }
    }
    for (const b of balls) if (!b.pocketed) drawBall(ctx, layout, table.ballRadius, b);
  };
  raf = requestAnimationFrame(frame);
  onStep(i, playing);

  return {
    goTo,
    setPlaying(p) {
      playing = p;
      holdUntil = 0;
      if (p && i >= match.shots.length - 1) goTo(-1, false);
      onStep(i, playing);
    },
    setSpeed(s) {
      speed = s;
    },
    dispose() {
      disposed = true;
      cancelAnimationFrame(raf);
      stopFitting();
    },
  };
}
