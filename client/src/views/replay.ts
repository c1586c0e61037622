// The replay's stage: draws a recorded match (GET /api/matches/:id) at any action on the same table a
// live match uses (table/replay-table.ts: PixiJS 2D or three.js 3D), animating a shot by re-simulating
// it from the positions before it, and playing on by itself at a chosen speed. The replay screen
// (screens/ReplayScreen.tsx) owns the timeline and controls and calls into this.
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { mountReplayTable } from '../table/replay-table.ts';
import { positionsBefore, shotMessageAt, type ReplayMatch } from './replay-model.ts';
import { h } from './toast.ts';

const table = standardTable('9ft');
/** How long the balls stay at rest between actions while playing, ms at 1×. */
const HOLD_MS = 900;

export type ReplayStage = {
  /** Shows action i (-1: the opening rack); with animate, plays that action's shot into it. */
  goTo(i: number, animate: boolean): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  /** 2D (PixiJS) or 3D (three.js), as on the live table. */
  setView(kind: '2d' | '3d'): Promise<void>;
  readonly view: '2d' | '3d';
  dispose(): void;
};

export function mountReplayStage(root: HTMLElement, match: ReplayMatch, start: number, onStep: (i: number, playing: boolean) => void): ReplayStage {
  let i = Math.max(-1, Math.min(match.shots.length - 1, start));
  let playing = false;
  let speed = 1;
  let hold: ReturnType<typeof setTimeout> | null = null;
  // Each goTo gets a number; a shot that ends after the viewer moved elsewhere does nothing.
  let step = 0;
  const stage = h('div', { class: 'stage', role: 'img', 'aria-label': 'The table as recorded' });
  root.replaceChildren(stage);
  const view = mountReplayTable(stage);

  const restAt = (k: number) => (k < 0 ? positionsBefore(match, 0, table) : match.shots[k]!.balls);

  function advanceLater(ms: number) {
    if (hold) clearTimeout(hold);
    hold = null;
    if (!playing) return;
    hold = setTimeout(() => {
      hold = null;
      if (!playing || view.playing) return;
      if (i < match.shots.length - 1) goTo(i + 1, true);
      else {
        playing = false;
        onStep(i, playing);
      }
    }, ms);
  }

  function goTo(to: number, animate: boolean) {
    i = Math.max(-1, Math.min(match.shots.length - 1, to));
    const mine = ++step;
    const msg = animate && i >= 0 ? shotMessageAt(match, i, table) : null;
    if (msg) {
      view.show(positionsBefore(match, i, table));
      void view.play(msg, speed).then(() => {
        if (mine !== step) return;
        // The stored resting positions are the server's; the re-simulation ends on them.
        view.show(restAt(i));
        advanceLater(HOLD_MS / speed);
      });
    } else {
      view.show(restAt(i));
      advanceLater(HOLD_MS / speed);
    }
    onStep(i, playing);
  }

  view.show(restAt(i));
  onStep(i, playing);

  return {
    goTo,
    setPlaying(p) {
      playing = p;
      if (!p) {
        if (hold) clearTimeout(hold);
        hold = null;
      } else if (i >= match.shots.length - 1) goTo(-1, false);
      else if (!view.playing) advanceLater(0);
      onStep(i, playing);
    },
    setSpeed(s) {
      speed = s;
      view.setSpeed(s);
    },
    setView: (kind) => view.setView(kind),
    get view() {
      return view.view;
    },
    dispose() {
      step++;
      if (hold) clearTimeout(hold);
      view.destroy();
    },
  };
}
