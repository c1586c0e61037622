// The practice table (#/practice, #/practice/<position code>): solo, in the browser only, with the
// shared practice functions (shared/src/practice) and the same physics the server uses — no room, no
// round trip per drag, works with nobody else online. Move mode drags any ball (or one from the tray)
// to where it fits; shoot mode aims at the pointer and a click plays the stroke at the set speed and
// spin. Undo, repeat the last shot adjusted, save the position as a link, and drills whose runs are
// sent to the server (which re-simulates them) for the profile.
import {
  decodePosition, DRILLS, drillStage, encodePosition, judgeDrillStroke, moveBall, newPractice, placementProblem, repeatLast,
  practiceTable, scoreDrill, shootPractice, undoPractice, type DrillId, type DrillStage, type PracticeSetup, type PracticeState,
} from '@dojopool/shared/practice/index.ts';
import { GAME_KINDS, gameLabel } from '@dojopool/shared/rules/registry.ts';
import type { BallState, ShotResult, Stroke } from '@dojopool/shared/physics/types.ts';
import { aimGuide } from '../input/aim-guide.ts';
import { aimAngle, type Point } from '../input/mapping.ts';
import { api, getSession } from '../net/api.ts';
import { afterContact, ballColour, type Scene } from '../table/renderer.ts';
import { mountReplayTable } from '../table/replay-table.ts';
import { h, toast } from './toast.ts';


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
  let anim: { duration: number } | null = null;
  let drill: { id: DrillId; stage: number; strokes: Stroke[]; current: DrillStage } | null = null;
  let disposed = false;

  const stage = h('div', { class: 'stage' });
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
        h('button', { onclick: () => (stopAnim(), (p = undoPractice(p)), hud()) }, 'Undo')),
      h('div', { class: 'control-group' }, h('label', {}, 'speed ', speed), h('label', {}, 'follow/draw ', vertical), h('label', {}, 'side ', side)),
      h('div', { class: 'control-group' }, h('label', {}, 'angle ±° ', dAngle), h('label', {}, 'speed ± ', dSpeed), h('button', { onclick: () => repeat() }, 'Repeat last, adjusted')),
      h('div', { class: 'control-group' }, h('button', { onclick: () => saveLink() }, 'Save position as link'), drillSel, h('button', { onclick: () => startDrill(drillSel.value as DrillId) }, 'Start drill'), h('button', { onclick: () => onExit() }, 'Lobby')),
    ),
  );
  root.replaceChildren(view);
  // The same table as a match (PixiJS 2D or three.js 3D, as the player keeps it), with no match controls.
  let table = practiceTable(p);
  const R = table.ballRadius;
  let view3 = mountReplayTable(stage, table);
  let sizeShown = p.tableSize;
  const stopAnim = () => {
    anim = null;
    view3.skip();
  };

  function reset(next: PracticeState) {
    drill = null;
    stopAnim();
    p = next;
    hud();
  }

  function hud() {
    modeBtn.textContent = mode === 'move' ? 'Mode: move balls' : 'Mode: shoot';
    const d = drill ? `Drill ${DRILLS.find((x) => x.id === drill!.id)!.label}: stage ${drill.stage + 1}/${DRILLS.find((x) => x.id === drill!.id)!.stages}, pot the 1 in the top-right corner${drill.current.zone ? ' and stop the cue ball in the ring' : ''}. ` : '';
    status.textContent = d + (mode === 'move' ? 'Drag a ball to move it; click a ball in the tray, then the table, to bring it back.' : 'Point to aim, click to shoot.');
    tray.replaceChildren(...p.balls.filter((b) => b.pocketed).map((b) =>
      h('button', { class: `tray-ball${fromTray === b.id ? ' on' : ''}`, style: `background:${ballColour(b.id)}`, onclick: () => ((fromTray = b.id), (mode = 'move'), hud()) }, String(b.id))));
    showRest();
  }

  function played(out: { state: PracticeState; result: ShotResult; start: BallState[] }) {
    p = out.state;
    const mine = { duration: out.result.duration };
    anim = mine;
    void view3.play({ seq: 0, start: out.start, duration: out.result.duration }).then(() => {
      if (anim !== mine) return;
      anim = null;
      showRest();
    });
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
  const animDuration = () => (anim ? anim.duration : 0);

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
      stopAnim();
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

  const toTable = (e: PointerEvent): Point | null => {
    const r = view3.renderer;
    if (!r) return null;
    const box = r.canvas.getBoundingClientRect();
    return r.toTable(e.clientX - box.left, e.clientY - box.top);
  };
  const ballAt = (pt: Point) => p.balls.find((b) => !b.pocketed && Math.hypot(b.x - pt.x, b.y - pt.y) <= R * 1.4) ?? null;

  stage.addEventListener('pointermove', (e) => {
    const pt = toTable(e);
    if (!pt) return;
    if (dragging) dragging.at = pt;
    const cue = p.balls.find((b) => b.id === 0 && !b.pocketed);
    if (mode === 'shoot' && cue) aim = aimAngle(cue, pt);
    draw();
  });
  stage.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || anim || (e.target as HTMLElement).tagName !== 'CANVAS') return;
    const pt = toTable(e);
    if (!pt) return;
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
        stage.setPointerCapture(e.pointerId);
        draw();
      }
    } else shoot();
  });
  stage.addEventListener('pointerup', () => {
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

  /** What the table shows over the balls at rest: the drill's ring, a dragged ball, the aim. */
  function draw() {
    if (anim) return;
    const zone = drill?.current.zone;
    const marks: { x: number; y: number; r: number; colour: string }[] = zone ? [{ x: zone.x, y: zone.y, r: zone.r, colour: '#ffffff' }] : [];
    const d = dragging;
    if (d && placementProblem(table, p.balls, d.id, d.at.x, d.at.y)) marks.push({ x: d.at.x, y: d.at.y, r: R * 1.5, colour: '#ef5350' });
    const cue = p.balls.find((b) => b.id === 0 && !b.pocketed);
    let aimScene: Scene['aim'] = null;
    if (!d && mode === 'shoot' && cue) {
      const g = aimGuide(cue, aim, p.balls, R, table.length, table.width);
      aimScene = { cue, angle: aim, pull: 0.01, own: true, guide: { ...g, ...afterContact(aim, g.objectAngle) } };
    }
    view3.overlay({
      marks,
      aim: aimScene,
      aids: true,
      balls: d ? (balls) => balls.map((b) => (b.id === d.id ? { ...b, x: d.at.x, y: d.at.y, pocketed: false } : b)) : undefined,
    });
  }
  /** The balls at rest changed (a move, undo, a new rack or the end of a shot). */
  function showRest() {
    if (anim) return;
    if (p.tableSize !== sizeShown) {
      // A position link of another table size: the table is drawn (and shots simulated) at that size.
      sizeShown = p.tableSize;
      table = practiceTable(p);
      view3.destroy();
      view3 = mountReplayTable(stage, table);
    }
    view3.show(p.balls);
    draw();
  }

  hud();
  return () => {
    disposed = true;
    view3.destroy();
  };
}
