// Billiards physics: table geometry, the cue strike, racks and an exact event-based shot solver.
// See shared/README.md for the model, the parameter set and the design. Explicit re-exports keep the
// package index free of name clashes with the other areas.
export type { BallState, MotionState, PhysicsEvent, PocketId, ShotResult, Stroke } from './types.ts';
export {
  BALL_MASS,
  BALL_RADIUS,
  CORNER_MOUTH,
  DEFAULT_PARAMS,
  GRAVITY,
  RACK_GAP,
  SIDE_MOUTH,
  type PhysicsParams,
} from './constants.ts';
export { standardTable, type CushionSegment, type Pocket, type Table, type TableSize } from './table.ts';
export { strike, type StrikeResult } from './strike.ts';
export { canPlaceBall, rack, spotBall, type Placement } from './rack.ts';
export { simulate, type SimulateInput, type SimulateOptions } from './simulate.ts';
export { kineticEnergy } from './energy.ts';
export { seededRandom } from './random.ts';
