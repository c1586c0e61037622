// The seam between the table model and its pictures: a Scene (everything a frame shows, in table
// metres) and the small interface both renderers (PixiJS 2D, three.js 3D) implement. The view owns
// the frame loop, input and HUD; a renderer only draws scenes and maps a pointer to a table point.
import type { Table } from '@dojopool/shared/physics/table.ts';
import type { Point } from '../input/mapping.ts';
import type { BallFrame } from './trajectory.ts';

export type AimScene = {
  /** Cue ball centre and stroke direction (rad, table frame). */
  cue: Point;
  angle: number;
  /** Gap between the cue tip and the ball, m (grows as the player pulls back). */
  pull: number;
  /** The player's own aim (full guide) or the opponent's live aim (line and cue only). */
  own: boolean;
  /** Where the cue ball first touches something, the ball it touches, and the predicted paths after it. */
  guide: { end: Point; hit: number | null; objectAngle: number | null; cueAfterAngle: number | null; cut: number } | null;
};

export type Scene = {
  balls: readonly BallFrame[];
  aim: AimScene | null;
  /** Ball in hand: the cue ball may be dragged (a ring and a hand cursor); `ghost` is where it would go. */
  placing: { ghost: Point | null; legal: boolean } | null;
  call: { ball: Point; pocket: Point & { radius: number } } | null;
  /** Aim aids (guide line, ghost ball, predicted paths) on. */
  aids: boolean;
  /** Rings on the cloth (radius in m): a drill's target zone, a spot a ball cannot go. */
  marks?: readonly { x: number; y: number; r: number; colour: string }[];
};

export interface TableRenderer {
  readonly kind: '2d' | '3d';
  /** The element that receives pointer input (the canvas). */
  readonly canvas: HTMLCanvasElement;
  /** The stage's size in CSS pixels changed. */
  resize(width: number, height: number, dpr: number): void;
  render(scene: Scene): void;
  /** A point in CSS pixels relative to the canvas → the table point under it (null off the table plane). */
  toTable(x: number, y: number): Point | null;
  /** A table point → CSS pixels relative to the canvas. */
  toScreen(p: Point): Point;
  /** How many CSS pixels one metre of table spans near the cue ball (for gestures measured in pixels). */
  pixelsPerMetre(): number;
  destroy(): void;
}

export type RendererFactory = (container: HTMLElement, table: Table) => Promise<TableRenderer>;

/** The cue ball's direction after first contact (the stun tangent line, 90° rule), and the cut (0 full, 1 thin). */
export function afterContact(aimAngle: number, objectAngle: number | null): { cueAfterAngle: number | null; cut: number } {
  if (objectAngle === null) return { cueAfterAngle: null, cut: 0 };
  const d = Math.sin(aimAngle - objectAngle);
  const cut = Math.min(1, Math.abs(d));
  if (cut < 1e-3) return { cueAfterAngle: null, cut: 0 };
  return { cueAfterAngle: objectAngle + (d > 0 ? Math.PI / 2 : -Math.PI / 2), cut };
}

export const BALL_COLOURS = ['#f4f1e6', '#f2c21b', '#1d4ed8', '#d62626', '#6b2fa0', '#f07a12', '#138a43', '#7c1d1d', '#111111'];
export const ballColour = (id: number) => BALL_COLOURS[id === 0 ? 0 : id === 8 ? 8 : ((id - 1) % 8) + 1]!;
export const isStripe = (id: number) => id >= 9;
