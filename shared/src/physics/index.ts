// Billiards physics: table geometry, the cue strike, racks and an exact event-based shot solver.
// See shared/README.md for the model, the parameter set and the design.
export * from './types.ts';
export * from './constants.ts';
export { standardTable, type Table, type TableSize, type Pocket, type CushionSegment } from './table.ts';
export { strike, type StrikeResult, MISCUE_SPEED_FACTOR, MISCUE_SPIN_FACTOR } from './strike.ts';
export { rack, canPlaceBall, spotBall, type Placement } from './rack.ts';
export { simulate, type SimulateInput, type SimulateOptions } from './simulate.ts';
export { kineticEnergy } from './energy.ts';

