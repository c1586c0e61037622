// Replay of a recorded match (GET /api/matches/:id): every action in order, shots re-simulated from
// the positions before them and animated, then the recorded resting positions shown.
import { fitCanvasToStage } from './canvas-fit.ts';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { gameLabel } from '@dojopool/shared/rules/registry.ts';
import { fitTable, type Layout } from '../input/mapping.ts';
import { api } from '../net/api.ts';
import { drawBall, drawTable } from './draw-table.ts';
import { describeAction, positionsBefore, shotMessageAt, type ReplayMatch } from './replay-model.ts';
import { animateShot, playbackTime, type BallPose, type ShotAnimation } from './shot-animation.ts';
import { h, toast } from './toast.ts';

const table = standardTable('9ft');
const HOLD_MS = 900;

export function mountReplay(root: HTMLElement, matchId: string, onExit: () => void): () => void {
  let match: ReplayMatch | null = null;
  let i = -1; // -1: the opening rack
  let anim: { a: ShotAnimation; t0: number } | null = null;
  let playing = true;
  let holdUntil = 0;
  let disposed = false;
  let layout: Layout = fitTable({ width: 1, height: 1 }, table.length, table.width, 1);

  const canvas = h('canvas', { class: 'table-canvas' });
  const stage = h('div', { class: 'stage' }, canvas);
  const title = h('div', { class: 'status' }, 'Loading replay…');
  const step = h('div', { class: 'reason' });
  const playBtn = h('button', { onclick: () => ((playing = !playing), (holdUntil = 0), label()) }, 'Pause');
  const prev = h('button', { onclick: () => go(i - 1, false) }, '◀ Prev');
  const next = h('button', { onclick: () => go(i + 1, false) }, 'Next ▶');
  const view = h('div', { class: 'table-view replay' },
    h('header', { class: 'hud' }, title, step),
    stage,
    h('footer', { class: 'controls' }, h('div', { class: 'control-group' }, prev, playBtn, next, h('button', { onclick: () => onExit() }, 'Lobby'))),
  );
  root.replaceChildren(view);
  const ctx = canvas.getContext('2d')!;

  const label = () => {
    playBtn.textContent = playing ? 'Pause' : 'Play';
    if (!match) return;
    const a = match.shots[i];
    const who = (seat: number) => match!.players.find((p) => p.seat === seat)?.name ?? `Player ${seat + 1}`;
    step.textContent = i < 0 ? 'Opening rack' : `${i + 1}/${match.shots.length} · ${who(a!.seat)} · ${describeAction(a!)}${a!.ruling?.foul ? ` · foul: ${a!.ruling.foul}` : ''}${a!.ruling?.reason ? ` — ${a!.ruling.reason}` : ''}`;
  };

  const rest = (): BallPose[] => (!match ? [] : i < 0 ? positionsBefore(match, 0, table) : match.shots[i]!.balls.map((b) => ({ ...b, pocketed: !!b.pocketed })));

  function go(to: number, animate: boolean) {
    if (!match) return;
    i = Math.max(-1, Math.min(match.shots.length - 1, to));
    anim = null;
    const msg = animate && i >= 0 ? shotMessageAt(match, i, table) : null;
    if (msg) anim = { a: animateShot(msg, table), t0: performance.now() };
    holdUntil = performance.now() + HOLD_MS;
    label();
  }

  api<ReplayMatch>('GET', `/matches/${encodeURIComponent(matchId)}`).then(
    (m) => {
      if (disposed) return;
      match = m;
      const names = m.players.map((p) => p.name).join(' vs ');
      title.textContent = `Replay: ${names} · ${gameLabel(m.game)} · ${m.score?.join('–') ?? ''}${m.winner !== null && m.winner !== undefined ? ` · ${m.players.find((p) => p.seat === m.winner)?.name ?? ''} won` : ''}`;
      go(-1, false);
    },
    (e) => {
      toast(`Could not load the replay: ${(e as Error).message}`);
      onExit();
    },
  );

  const stopFitting = fitCanvasToStage(stage, canvas, table, (l) => (layout = l));

  let raf = 0;
  const frame = () => {
    if (disposed) return;
    raf = requestAnimationFrame(frame);
    drawTable(ctx, layout, table);
    let balls = rest();
    const now = performance.now();
    if (anim) {
      const { t, done } = playbackTime(now - anim.t0, anim.a.duration);
      if (done) {
        anim = null;
        holdUntil = now + HOLD_MS;
      } else balls = anim.a.at(t);
    } else if (match && playing && now >= holdUntil && i < match.shots.length - 1) go(i + 1, true);
    for (const b of balls) if (!b.pocketed) drawBall(ctx, layout, table.ballRadius, b);
  };
  raf = requestAnimationFrame(frame);

  return () => {
    disposed = true;
    cancelAnimationFrame(raf);
    stopFitting();
  };
}
