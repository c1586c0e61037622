// A table without match controls, for the replay page and the practice table: the same renderers as a
// live match (2D or 3D as the player keeps it, switchable). The page says which positions to show and
// which shots to play; shots are re-simulated with the shared physics (trajectory.ts), balls roll, and
// each ends exactly on the simulation's resting positions. Between shots the page may add an overlay
// (aim, ball in hand, rings) through `overlay`.
import { standardTable, type Table } from '@dojopool/shared/physics/table.ts';
import type { ShotMessage } from '@dojopool/shared/protocol/index.ts';
import { UPRIGHT } from './quat.ts';
import type { Scene, TableRenderer } from './renderer.ts';
import { loadSettings } from './settings.ts';
import { createRenderer, Orientations } from './table-view.ts';
import { buildTrajectory, playback, type BallFrame, type Trajectory } from './trajectory.ts';


export type RestBall = { id: number; x: number; y: number; pocketed?: boolean };
/** What a page draws over balls at rest: everything of a Scene but the balls. */
export type Overlay = Partial<Omit<Scene, 'balls'>> & { balls?: (balls: BallFrame[]) => BallFrame[] };

export type ReplayTable = {
  /** Shows balls at rest (keeping how each ball is turned). */
  show(balls: readonly RestBall[]): void;
  /** Plays a shot from its broadcast (or one rebuilt from the log); resolves when the balls rest or it is skipped. */
  play(msg: Pick<ShotMessage, 'seq' | 'start' | 'duration'>, speed?: number): Promise<void>;
  /** Changes the playback speed, also of a shot in progress. */
  setSpeed(speed: number): void;
  skip(): void;
  readonly playing: boolean;
  /** Draws this over the balls at rest (not while a shot plays); call again whenever it changes. */
  overlay(o: Overlay | null): void;
  /** Switches between the 2D and the 3D renderer; resolves when the new one draws. */
  setView(kind: '2d' | '3d'): Promise<void>;
  readonly view: '2d' | '3d';
  /** The renderer drawing now (null while it starts): for pointer → table mapping. */
  readonly renderer: TableRenderer | null;
  destroy(): void;
};

export function mountReplayTable(container: HTMLElement, table: Table = standardTable('9ft')): ReplayTable {
  const host = document.createElement('div');
  host.className = 'renderer-host';
  container.append(host);
  const orientations = new Orientations();
  let renderer: TableRenderer | null = null;
  let view: '2d' | '3d' = loadSettings().view;
  let rest: BallFrame[] = [];
  let over: Overlay | null = null;
  let anim: { a: Trajectory; t0: number; speed: number; done: () => void } | null = null;
  let disposed = false;
  let dirty = true;
  let cameraKey = '';
  let switching = 0;
  async function setView(kind: '2d' | '3d') {
    const mine = ++switching;
    view = kind;
    const next = await createRenderer(kind, host, table);
    if (disposed || mine !== switching) return next.destroy();
    renderer?.destroy();
    renderer = next;
    fit();
  }
  const ready = setView(view).catch((e: unknown) => {
    // The 3D view failing must not leave the page without a table.
    console.warn('the table view could not start:', e);
    if (view === '3d') return setView('2d');
  });
  void ready;
  const fit = () => {
    const b = host.getBoundingClientRect();
    renderer?.resize(b.width, b.height, window.devicePixelRatio || 1);
    dirty = true;
  };
  const ro = new ResizeObserver(fit);
  ro.observe(host);
  const finish = () => {
    if (!anim) return;
    const a = anim;
    anim = null;
    rest = a.a.final();
    orientations.setAll(rest);
    dirty = true;
    a.done();
  };
  let raf = requestAnimationFrame(function frame() {
    if (disposed) return;
    raf = requestAnimationFrame(frame);
    const t0 = performance.now();
    let balls = rest;
    const animating = anim !== null;
    if (anim) {
      const { t, done } = playback(t0 - anim.t0, anim.a.duration, anim.speed);
      if (done) finish();
      else balls = anim.a.at(t);
    }
    if (!renderer) return;
    const t1 = performance.now();
    // The 3D orbit camera moves without the scene changing.
    const key = (renderer as { cameraKey?: () => string }).cameraKey?.() ?? '';
    if (!anim && !dirty && key === cameraKey) return;
    cameraKey = key;
    const scene: Scene = anim
      ? { balls, aim: null, placing: null, call: null, aids: false }
      : { aim: null, placing: null, call: null, aids: true, marks: [], ...over, balls: over?.balls ? over.balls(rest) : rest };
    renderer.render(scene);
    dirty = false;
    // The frame benchmark (client/bench) sets this array to read each animated frame's own cost.
    const probe = (globalThis as { __tableFrames?: { at: number; simMs: number; drawMs: number }[] }).__tableFrames;
    if (probe && animating) probe.push({ at: t0, simMs: t1 - t0, drawMs: performance.now() - t1 });
  });
  return {
    show(balls) {
      finish();
      rest = balls.map((b) => ({ id: b.id, x: b.x, y: b.y, pocketed: !!b.pocketed, q: orientations.get(b.id) ?? UPRIGHT }));
      dirty = true;
    },
    play(msg, speed = 1) {
      finish();
      return new Promise<void>((done) => {
        anim = { a: buildTrajectory(msg, table, (id) => orientations.get(id)), t0: performance.now(), speed, done };
      });
    },
    setSpeed(speed) {
      if (!anim || speed === anim.speed) return;
      // Keep the simulated time reached: rebase the start.
      const now = performance.now();
      anim.t0 = now - ((now - anim.t0) * anim.speed) / speed;
      anim.speed = speed;
    },
    skip: finish,
    get playing() {
      return anim !== null;
    },
    overlay(o) {
      over = o;
      dirty = true;
    },
    setView,
    get view() {
      return view;
    },
    get renderer() {
      return renderer;
    },
    destroy() {
      disposed = true;
      finish();
      cancelAnimationFrame(raf);
      ro.disconnect();
      renderer?.destroy();
      renderer = null;
      host.remove();
    },
  };
}
