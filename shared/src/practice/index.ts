// The practice table and its drills (see practice.ts, drills.ts).
export * from './practice.ts';
export * from './drills.ts';
