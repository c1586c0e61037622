// Node flags every game process starts with: `npm start` (server/package.json), the Dockerfile's CMD,
// each process of `npm run cluster`, and the servers the load tool starts. test/node-flags.test.ts
// keeps the two written-out copies (package.json, Dockerfile) in step with this list.
//
// --max-semi-space-size=64: a live table's snapshot lives from one stroke to the next (seconds), so
// with V8's 16 MB young generation much of what a process allocates per stroke survived two
// scavenges, was promoted, and came back as old-generation marking work on the main thread. At 5,000
// clients on one core it cut the scavenges to a third and the worst second's event-loop delay from
// 206–440 ms to 142–236 ms (README, "Capacity beside bare Colyseus": the runs and their commands).
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
