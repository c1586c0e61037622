// The practice table (#/practice, #/practice/<position code>): solo, in the browser only, with the
// shared practice functions (shared/src/practice) and the same physics the server uses — no room, no
// round trip per drag, works with nobody else online. Move mode drags any ball (or one from the tray)
// to where it fits; shoot mode aims at the pointer and a click plays the stroke at the set speed and
// spin. Undo, repeat the last shot adjusted, save the position as a link, and drills whose runs are
// sent to the server (which re-simulates them) for the profile.
import {
  decodePosition, DRILLS, drillStage, encodePosition, judgeDrillStroke, moveBall, newPractice, placementProblem, repeatLast,
  scoreDrill, shootPractice, undoPractice, type DrillId, type DrillStage, type PracticeSetup, type PracticeState,
} from '@dojopool/shared/practice/index.ts';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { GAME_KINDS, gameLabel } from '@dojopool/shared/rules/registry.ts';
import type { ShotResult, Stroke } from '@dojopool/shared/physics/types.ts';
import { aimAngle, fitTable, screenToTable, tableToScreen, type Layout, type Point } from '../input/mapping.ts';
import { api, getSession } from '../net/api.ts';
import { fitCanvasToStage } from './canvas-fit.ts';
import { ballColour, drawBall, drawTable } from './draw-table.ts';
import { playbackTime } from './shot-animation.ts';
import { h, toast } from './toast.ts';

const table = standardTable('9ft');
const R = table.ballRadius;

export function mountPractice(root: HTMLElement, code: string | null, onExit: () => void): () => void {
  let p: PracticeState = newPractice(GAME_KINDS[0]!);
  if (code) {
    try {
      p = decodePosition(code);
    } catch (e) {
      toast(`That position link is not valid: ${(e as Error).message}`);
    }
  }
  let mode: 'move' | 'shoot' = 'shoot';
  let aim = 0;
  let dragging: { id: number; at: Point } | null = null;
  let fromTray: number | null = null;
  let anim: { result: ShotResult; t0: number } | null = null;
  let drill: { id: DrillId; stage: number; strokes: Stroke[]; current: DrillStage } | null = null;
  let disposed = false;
  let layout: Layout = fitTable({ width: 1, height: 1 }, table.length, table.width, 1);

  const canvas = h('canvas', { class: 'table-canvas' });
  const stage = h('div', { class: 'stage' }, canvas);
  const status = h('div', { class: 'status' });
  const tray = h('div', { class: 'tray' });
  const setup = h('select', {}, ...(['empty', ...GAME_KINDS] as const).map((s) => h('option', { value: s, ...(s === p.setup ? { selected: true } : {}) }, s === 'empty' ? 'empty table' : `${gameLabel(s)} rack`)));
  const speed = h('input', { type: 'range', min: '0.3', max: '12', step: '0.1', value: '3' });
  const vertical = h('input', { type: 'range', min: '-0.5', max: '0.5', step: '0.05', value: '0' });
  const side = h('input', { type: 'range', min: '-0.5', max: '0.5', step: '0.05', value: '0' });
  const dAngle = h('input', { type: 'number', step: '0.1', value: '0', class: 'narrow', title: 'degrees' });
  const dSpeed = h('input', { type: 'number', step: '0.1', value: '0', class: 'narrow', title: 'm/s' });
  const modeBtn = h('button', { onclick: () => ((mode = mode === 'move' ? 'shoot' : 'move'), hud()) });
  const drillSel = h('select', {}, ...DRILLS.map((d) => h('option', { value: d.id }, d.label)));
  const stroke = (): Stroke => ({ angle: aim, speed: Number(speed.value), side: Number(side.value), vertical: Number(vertical.value) });

  const view = h('div', { class: 'table-view practice' },
    h('header', { class: 'hud' }, status, tray),
    stage,
    h('footer', { class: 'controls' },
      h('div', { class: 'control-group' }, setup, h('button', { onclick: () => reset(newPractice(setup.value as PracticeSetup, Date.now() % 100000)) }, 'New'), modeBtn,
        h('button', { onclick: () => (anim = null, (p = undoPractice(p)), hud()) }, 'Undo')),
      h('div', { class: 'control-group' }, h('label', {}, 'speed ', speed), h('label', {}, 'follow/draw ', vertical), h('label', {}, 'side ', side)),
      h('div', { class: 'control-group' }, h('label', {}, 'angle ±° ', dAngle), h('label', {}, 'speed ± ', dSpeed), h('button', { onclick: () => repeat() }, 'Repeat last, adjusted')),
      h('div', { class: 'control-group' }, h('button', { onclick: () => saveLink() }, 'Save position as link'), drillSel, h('button', { onclick: () => startDrill(drillSel.value as DrillId) }, 'Start drill'), h('button', { onclick: () => onExit() }, 'Lobby')),
    ),
  );
  root.replaceChildren(view);
  const ctx = canvas.getContext('2d')!;

  function reset(next: PracticeState) {
    drill = null;
    anim = null;
    p = next;
    hud();
  }

  function hud() {
    modeBtn.textContent = mode === 'move' ? 'Mode: move balls' : 'Mode: shoot';
    const d = drill ? `Drill ${DRILLS.find((x) => x.id === drill!.id)!.label}: stage ${drill.stage + 1}/${DRILLS.find((x) => x.id === drill!.id)!.stages}, pot the 1 in the top-right corner${drill.current.zone ? ' and stop the cue ball in the ring' : ''}. ` : '';
    status.textContent = d + (mode === 'move' ? 'Drag a ball to move it; click a ball in the tray, then the table, to bring it back.' : 'Point to aim, click to shoot.');
    tray.replaceChildren(...p.balls.filter((b) => b.pocketed).map((b) =>
      h('button', { class: `tray-ball${fromTray === b.id ? ' on' : ''}`, style: `background:${ballColour(b.id)}`, onclick: () => ((fromTray = b.id), (mode = 'move'), hud()) }, String(b.id))));
  }

  function played(out: { state: PracticeState; result: ShotResult }) {
    p = out.state;
    anim = { result: out.result, t0: performance.now() };
  }

  function shoot() {
    if (anim) return;
    try {
      const s = stroke();
      if (drill) {
        const verdict = judgeDrillStroke(drill.current, s);
        played(shootPractice(p, s));
        drill.strokes.push(s);
        const d = drill;
        setTimeout(() => nextStage(d, verdict.made), Math.min(4000, animDuration() * 1000 + 500));
      } else played(shootPractice(p, s));
    } catch (e) {
      toast((e as Error).message);
    }
  }
  const animDuration = () => (anim ? anim.result.duration : 0);

  function repeat() {
    if (anim) return;
    try {
      played(repeatLast(p, { dAngle: (Number(dAngle.value) * Math.PI) / 180, dSpeed: Number(dSpeed.value) }));
    } catch (e) {
      toast((e as Error).message);
    }
  }

  function saveLink() {
    const url = `${location.origin}${location.pathname}#/practice/${encodePosition(p)}`;
    history.replaceState(null, '', `#/practice/${encodePosition(p)}`);
    void navigator.clipboard?.writeText(url).then(() => toast('Link copied', 'info'), () => toast(url, 'info'));
  }

  function startDrill(id: DrillId) {
    const current = drillStage(id, 0);
    reset({ ...newPractice('empty'), balls: mergeDrill(current) });
    drill = { id, stage: 0, strokes: [], current };
    mode = 'shoot';
    hud();
  }

  /** The drill's balls on an otherwise empty table (the rest in the tray). */
  function mergeDrill(s: DrillStage) {
    return newPractice('empty').balls.map((b) => s.balls.find((x) => x.id === b.id) ?? b);
  }

  function nextStage(d: NonNullable<typeof drill>, made: boolean) {
    if (drill !== d || disposed) return;
    toast(made ? `Stage ${d.stage + 1}: made` : `Stage ${d.stage + 1}: missed`, 'info');
    const def = DRILLS.find((x) => x.id === d.id)!;
    if (d.stage + 1 < def.stages) {
      d.stage += 1;
      d.current = drillStage(d.id, d.stage);
      p = { ...p, balls: mergeDrill(d.current) };
      anim = null;
      hud();
      return;
    }
    drill = null;
    const score = scoreDrill(d.id, d.strokes);
    if (!getSession()) {
      toast(`Drill over: ${score}/${def.stages}. Log in to keep your best score on your profile.`, 'info');
      hud();
      return;
    }
    api<{ score: number; best: number }>('POST', `/me/drills/${d.id}/runs`, { strokes: d.strokes }).then(
      (r) => toast(`Drill over: ${r.score}/${def.stages} (best ${r.best})`, 'info'),
      (e) => toast(`Drill over: ${score}/${def.stages}; not saved: ${(e as Error).message}`),
    );
    hud();
  }

  const toTable = (e: PointerEvent): Point => {
    const r = canvas.getBoundingClientRect();
    return screenToTable(layout, { x: e.clientX - r.left, y: e.clientY - r.top });
  };
  const ballAt = (pt: Point) => p.balls.find((b) => !b.pocketed && Math.hypot(b.x - pt.x, b.y - pt.y) <= R * 1.4) ?? null;

  canvas.addEventListener('pointermove', (e) => {
    const pt = toTable(e);
    if (dragging) dragging.at = pt;
    const cue = p.balls.find((b) => b.id === 0 && !b.pocketed);
    if (mode === 'shoot' && cue) aim = aimAngle(cue, pt);
  });
  canvas.addEventListener('pointerdown', (e) => {
    if (anim) return;
    const pt = toTable(e);
    if (mode === 'move') {
      if (fromTray !== null) {
        const id = fromTray;
        fromTray = null;
        try {
          p = moveBall(p, id, pt.x, pt.y);
        } catch (err) {
          toast((err as Error).message);
        }
        hud();
        return;
      }
      const b = ballAt(pt);
      if (b) {
        dragging = { id: b.id, at: pt };
        canvas.setPointerCapture(e.pointerId);
      }
    } else shoot();
  });
  canvas.addEventListener('pointerup', () => {
    if (!dragging) return;
    const d = dragging;
    dragging = null;
    try {
      p = moveBall(p, d.id, d.at.x, d.at.y);
    } catch (err) {
      toast((err as Error).message);
    }
    hud();
  });

  const stopFitting = fitCanvasToStage(stage, canvas, table, (l) => (layout = l));
  let raf = 0;
  const frame = () => {
    if (disposed) return;
    raf = requestAnimationFrame(frame);
    drawTable(ctx, layout, table);
    let balls = p.balls;
    if (anim) {
      const { t, done } = playbackTime(performance.now() - anim.t0, anim.result.duration);
      if (done) anim = null;
      else balls = anim.result.at(t).map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed }));
    }
    const zone = drill?.current.zone;
    if (zone) {
      const c = tableToScreen(layout, zone);
      const edge = tableToScreen(layout, { x: zone.x + zone.r, y: zone.y });
      ctx.strokeStyle = 'rgba(255,255,255,0.7)';
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.arc(c.x, c.y, Math.abs(edge.x - c.x), 0, Math.PI * 2);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    for (const b of balls) {
      if (b.pocketed) continue;
      if (dragging?.id === b.id) {
        const ok = !placementProblem(table, p.balls, b.id, dragging.at.x, dragging.at.y);
        drawBall(ctx, layout, R, { ...b, x: dragging.at.x, y: dragging.at.y }, ok ? 0.8 : 0.35);
      } else drawBall(ctx, layout, R, b);
    }
    const cue = p.balls.find((b) => b.id === 0 && !b.pocketed);
    if (!anim && mode === 'shoot' && cue) {
      const a = tableToScreen(layout, cue);
      const z = tableToScreen(layout, { x: cue.x + Math.cos(aim) * 0.6, y: cue.y + Math.sin(aim) * 0.6 });
      ctx.strokeStyle = 'rgba(255,255,255,0.55)';
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(z.x, z.y);
      ctx.stroke();
    }
  };
  hud();
  raf = requestAnimationFrame(frame);
  return () => {
    disposed = true;
    cancelAnimationFrame(raf);
    stopFitting();
  };
}
