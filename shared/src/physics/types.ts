// The physics contract: every type the server, the rules and the client share about a simulated shot.
// SI units (m, s, rad, rad/s); origin at the centre of the playing surface, x along the long side
// (the head string at −x, the foot spot at +x), y across, z up; angular velocity right-handed.
// A ball rolling without slipping with velocity (vx, vy) has wy = vx / R and wx = −vy / R.

/** Pockets: top/bottom (±y) × left/middle/right (−x, 0, +x). */
export type PocketId = 'TL' | 'TM' | 'TR' | 'BL' | 'BM' | 'BR';

export type BallState = {
  id: number;
  x: number;
  y: number;
  vx?: number;
  vy?: number;
  wx?: number;
  wy?: number;
  wz?: number;
  pocketed?: boolean;
};

export type MotionState = 'sliding' | 'rolling' | 'spinning' | 'stationary';

export type PhysicsEvent = {
  t: number;
  type: 'ball' | 'cushion' | 'pocket' | 'state';
  a: number;
  b?: number;
  pocket?: string;
  state?: MotionState;
};

export type ShotResult = {
  events: PhysicsEvent[];
  balls: BallState[];
  duration: number;
  at(t: number): BallState[];
};

export type Stroke = { angle: number; speed: number; side?: number; vertical?: number };
