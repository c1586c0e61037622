// @dojopool/shared: the pure core used by the server and the browser alike (no IO, no clock, no
// unseeded randomness). Each area owns its folder; this file only re-exports them.
export * from './physics/index.ts';
export * from './rules/index.ts';
export * from './ratings/index.ts';
export * from './achievements/index.ts';
export * from './protocol/index.ts';
export * from './match/index.ts';
export * from './brackets/index.ts';
export * from './bot/index.ts';
export * from './practice/index.ts';
