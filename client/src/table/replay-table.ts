// The table for the replay page: the same renderers as a live match (2D or 3D as the player keeps it)
// without any controls. The page tells it which positions to show and which shots to play; shots are
// re-simulated with the shared physics (trajectory.ts), balls roll, and each ends exactly on the
// simulation's resting positions.
import { standardTable } from '@dojopool/shared/physics/table.ts';
import type { ShotMessage } from '@dojopool/shared/protocol/index.ts';
import { UPRIGHT } from './quat.ts';
import type { TableRenderer } from './renderer.ts';
import { loadSettings } from './settings.ts';
import { createRenderer, Orientations } from './table-view.ts';
import { buildTrajectory, playback, type BallFrame, type Trajectory } from './trajectory.ts';

const table = standardTable('9ft');

export type ReplayTable = {
  /** Shows balls at rest (keeping how each ball is turned). */
  show(balls: readonly { id: number; x: number; y: number; pocketed?: boolean }[]): void;
  /** Plays a shot from its broadcast (or one rebuilt from the log); resolves when the balls rest or it is skipped. */
  play(msg: Pick<ShotMessage, 'seq' | 'start' | 'duration'>, speed?: number): Promise<void>;
  skip(): void;
  readonly playing: boolean;
  destroy(): void;
};

export function mountReplayTable(container: HTMLElement): ReplayTable {
  const host = document.createElement('div');
  host.className = 'renderer-host';
  container.append(host);
  const orientations = new Orientations();
  let renderer: TableRenderer | null = null;
  let rest: BallFrame[] = [];
  let anim: { a: Trajectory; t0: number; speed: number; done: () => void } | null = null;
  let disposed = false;
  let dirty = true;
  void createRenderer(loadSettings().view, host).then((r) => {
    if (disposed) return r.destroy();
    renderer = r;
    fit();
  });
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
    let balls = rest;
    if (anim) {
      const { t, done } = playback(performance.now() - anim.t0, anim.a.duration, anim.speed);
      if (done) finish();
      else balls = anim.a.at(t);
    } else if (!dirty) return;
    if (!renderer) return;
    renderer.render({ balls: anim ? balls : rest, aim: null, placing: null, call: null, aids: false });
    dirty = false;
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
    skip: finish,
    get playing() {
      return anim !== null;
    },
    destroy() {
      disposed = true;
      finish();
      cancelAnimationFrame(raf);
      ro.disconnect();
      renderer?.destroy();
      host.remove();
    },
  };
}
